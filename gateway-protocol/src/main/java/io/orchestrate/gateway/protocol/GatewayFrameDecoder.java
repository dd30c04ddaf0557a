package io.orchestrate.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteOrder;

/**
 * Splits the byte stream into frames of a 4-byte big-endian length followed by that many bytes,
 * and strips the length. A frame announcing more than the limit (or a negative length) is
 * rejected at once with {@link ProtocolException} rather than discarded: a peer that sends one is
 * broken or hostile, and the connection is closed.
 */
public final class GatewayFrameDecoder extends LengthFieldBasedFrameDecoder {
  private final int maxFrameBytes;

  public GatewayFrameDecoder(int maxFrameBytes) {
    // Netty's own limit counts the length prefix too; ours is checked first and counts the body only.
    super(maxFrameBytes + GatewayPipeline.LENGTH_BYTES, 0, GatewayPipeline.LENGTH_BYTES, 0, GatewayPipeline.LENGTH_BYTES);
    if (maxFrameBytes <= 0) throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
    long frame = buf.getUnsignedInt(offset);
    if (frame > maxFrameBytes) {
      throw new ProtocolException("gateway frame of " + frame + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
    }
    return frame;
  }
}
