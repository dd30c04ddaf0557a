package io.orchestrate.manager.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts one server's open connections and turns away those past the limit. {@link #handler()}
 * goes first in each new channel's pipeline: a connection past the limit never reaches the
 * handlers behind it, is answered by {@code refuse} (which closes it), and whatever it sends
 * meanwhile is dropped. The count is shared by every event loop, hence atomic.
 */
public final class ConnectionCap {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionCap.class);
  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final String server;
  private final int max;
  private final Consumer<ChannelHandlerContext> refuse;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  /**
   * @param server named in the log line about refusals
   * @param refuse answers a connection past the limit and closes it; runs on its event loop
   */
  public ConnectionCap(String server, int max, Consumer<ChannelHandlerContext> refuse) {
    if (max < 1) throw new IllegalArgumentException("max connections must be at least 1, was " + max);
    this.server = server;
    this.max = max;
    this.refuse = refuse;
  }

  public int max() {
    return max;
  }

  /** Connections open now, refused ones that are not closed yet included. */
  public int open() {
    return open.get();
  }

  /** A new handler for one channel. */
  public ChannelHandler handler() {
    return new Gate();
  }

  private final class Gate extends ChannelInboundHandlerAdapter {
    private boolean turnedAway;

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      if (open.incrementAndGet() > max) {
        turnedAway = true;
        logRefusal(ctx);
        refuse.accept(ctx);
        return;
      }
      super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (turnedAway) {
        ReferenceCountUtil.release(msg);
        return;
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      open.decrementAndGet();
      if (!turnedAway) super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
      if (turnedAway) ctx.close();
      else super.exceptionCaught(ctx, cause);
    }
  }

  /** At most one line per ten seconds: a flood of connections must not become a flood of log lines. */
  private void logRefusal(ChannelHandlerContext ctx) {
    long n = refused.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLogNanos.get();
    if (now - last >= LOG_EVERY_NANOS && lastLogNanos.compareAndSet(last, now)) {
      LOG.warn("{}: {} connections are open, the limit is {}; refusing {} ({} refused so far)", server, open.get(), max,
          ctx.channel().remoteAddress(), n);
    }
  }
}
