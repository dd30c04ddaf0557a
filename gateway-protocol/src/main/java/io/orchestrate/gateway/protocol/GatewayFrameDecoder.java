package io.orchestrate.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Splits the byte stream into frames of a 4-byte big-endian length followed by that many bytes,
 * and strips the length. A frame announcing more than the limit (or a negative length) is
 * rejected at once with {@link ProtocolException} rather than discarded: a peer that sends one is
 * broken or hostile, and the connection is closed.
 *
 * <p>With a frame timeout, a frame must also arrive whole within that time from its first byte;
 * otherwise the connection is closed. Without it a peer could hold up to the frame limit for as
 * long as it likes by sending a byte now and then. The timer's state is owned by the channel's
 * event loop, like the rest of the decoder.
 */
public final class GatewayFrameDecoder extends LengthFieldBasedFrameDecoder {
  private final int maxFrameBytes;
  private final long frameTimeoutNanos;
  /** When the frame now being read began (System.nanoTime), or -1 between frames. */
  private long frameStartNanos = -1;
  private ScheduledFuture<?> timer;

  public GatewayFrameDecoder(int maxFrameBytes) {
    this(maxFrameBytes, Duration.ZERO);
  }

  /** @param frameTimeout how long one frame may take to arrive; zero for no limit */
  public GatewayFrameDecoder(int maxFrameBytes, Duration frameTimeout) {
    // Netty's own limit counts the length prefix too; ours is checked first and counts the body only.
    super(maxFrameBytes + GatewayPipeline.LENGTH_BYTES, 0, GatewayPipeline.LENGTH_BYTES, 0, GatewayPipeline.LENGTH_BYTES);
    if (maxFrameBytes <= 0) throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
    if (frameTimeout.isNegative()) throw new IllegalArgumentException("frameTimeout must not be negative, was " + frameTimeout);
    this.maxFrameBytes = maxFrameBytes;
    this.frameTimeoutNanos = frameTimeout.toNanos();
  }

  @Override
  protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
    long frame = buf.getUnsignedInt(offset);
    if (frame > maxFrameBytes) {
      throw new ProtocolException("gateway frame of " + frame + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
    }
    return frame;
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    Object frame = super.decode(ctx, in);
    if (frame != null) frameStartNanos = -1;
    return frame;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    super.channelRead(ctx, msg);
    // Whatever is left undecoded after a read is the start of the next frame.
    if (frameTimeoutNanos > 0 && frameStartNanos < 0 && actualReadableBytes() > 0 && ctx.channel().isActive()) {
      frameStartNanos = System.nanoTime();
      if (timer == null) schedule(ctx, frameTimeoutNanos);
    }
  }

  private void schedule(ChannelHandlerContext ctx, long delayNanos) {
    timer = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  /** One timer per connection at most: on firing it either closes, waits for the current frame's own deadline, or stops. */
  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    if (frameStartNanos < 0 || !ctx.channel().isActive()) return;
    long left = frameStartNanos + frameTimeoutNanos - System.nanoTime();
    if (left > 0) {
      schedule(ctx, left);
      return;
    }
    ctx.fireExceptionCaught(new ProtocolException("gateway frame not received whole within "
        + TimeUnit.NANOSECONDS.toMillis(frameTimeoutNanos) + " ms (" + actualReadableBytes() + " bytes of it arrived)"));
    ctx.close();
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    if (timer != null) timer.cancel(false);
    timer = null;
    super.handlerRemoved0(ctx);
  }
}
