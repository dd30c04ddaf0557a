package io.orchestrate.gateway.protocol;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * Installs the gateway's wire format on a channel, the same on both ends: a 4-byte big-endian
 * length prefix per frame, one JSON-encoded {@link GatewayMessage} per frame. After
 * {@link #install} the channel reads and writes {@link GatewayMessage} objects.
 */
public final class GatewayPipeline {
  /** Size of the length prefix. */
  public static final int LENGTH_BYTES = 4;
  /** Large enough for a Desired listing tens of thousands of tasks; small enough to bound memory per peer. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  public static final String FRAME_DECODER = "gateway-frame-decoder";
  public static final String FRAME_ENCODER = "gateway-frame-encoder";
  public static final String MESSAGE_CODEC = "gateway-message-codec";

  private GatewayPipeline() {}

  public static ChannelPipeline install(ChannelPipeline pipeline) {
    return install(pipeline, DEFAULT_MAX_FRAME_BYTES);
  }

  /** Adds the frame and message codecs at the pipeline's end; add the application handler after. */
  public static ChannelPipeline install(ChannelPipeline pipeline, int maxFrameBytes) {
    return install(pipeline, maxFrameBytes, java.time.Duration.ZERO);
  }

  /** As {@link #install(ChannelPipeline, int)}, closing the channel when a frame takes longer than {@code frameTimeout} to arrive. */
  public static ChannelPipeline install(ChannelPipeline pipeline, int maxFrameBytes, java.time.Duration frameTimeout) {
    return pipeline
        .addLast(FRAME_DECODER, new GatewayFrameDecoder(maxFrameBytes, frameTimeout))
        .addLast(FRAME_ENCODER, new LengthFieldPrepender(LENGTH_BYTES))
        .addLast(MESSAGE_CODEC, new GatewayMessageCodec(maxFrameBytes));
  }
}
