package io.orchestrate.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/**
 * Turns one frame's bytes into a {@link GatewayMessage} and back. Stateless, so one instance may
 * serve every channel. An outgoing message larger than the frame limit fails its write here,
 * instead of reaching a peer that would drop the connection over it.
 */
@ChannelHandler.Sharable
public final class GatewayMessageCodec extends MessageToMessageCodec<ByteBuf, GatewayMessage> {
  private final int maxFrameBytes;

  public GatewayMessageCodec(int maxFrameBytes) {
    if (maxFrameBytes <= 0) throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, GatewayMessage msg, List<Object> out) {
    byte[] bytes = GatewayCodec.encode(msg);
    if (bytes.length > maxFrameBytes) {
      throw new EncoderException("gateway message '" + msg.type().tag() + "' is " + bytes.length
          + " bytes, over the frame limit of " + maxFrameBytes + " bytes");
    }
    out.add(ctx.alloc().buffer(bytes.length).writeBytes(bytes));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    out.add(GatewayCodec.decode(ByteBufUtil.getBytes(frame)));
  }
}
