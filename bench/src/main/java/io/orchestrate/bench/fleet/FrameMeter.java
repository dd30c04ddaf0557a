package io.orchestrate.bench.fleet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits right after {@link io.orchestrate.gateway.protocol.GatewayPipeline#FRAME_DECODER}, where
 * each read is one whole frame without its length prefix, and counts it before the codec turns it
 * into a message. The codec decodes the frame within the same read, so the worker's handler, which
 * sees the message next, finds that frame's size in {@link #lastFrameBytes()}. One per channel,
 * confined to its event loop.
 */
final class FrameMeter extends ChannelInboundHandlerAdapter {
  static final String NAME = "fleet-frame-meter";

  private final FleetCounters counters;
  private int lastFrameBytes;

  FrameMeter(FleetCounters counters) {
    this.counters = counters;
  }

  /** The size of the frame decoded last on this channel. */
  int lastFrameBytes() {
    return lastFrameBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf frame) {
      lastFrameBytes = frame.readableBytes();
      counters.frame(lastFrameBytes);
    }
    ctx.fireChannelRead(msg);
  }
}
