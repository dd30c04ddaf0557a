package io.orchestrate.manager.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the TLS handshakes one server works on at once; a connection that would start one past
 * the bound is closed before any cryptography is done for it, and the peer's reconnect backoff
 * brings it back later.
 *
 * <p>Why: a handshake costs both sides milliseconds of CPU (key agreement, signatures, certificate
 * checks). When a thousand workers connect at once to a manager on two busy cores, taking them all
 * on at once makes every handshake wait behind all the others; once that wait exceeds the workers'
 * own timeout, each gives up and retries, the work done for it is lost, and no handshake ever
 * completes (1,000 workers, at most 21 registered over five minutes). With a bound, the handshakes
 * admitted finish in a fraction of a second and the rest are turned away for the price of an
 * accept and a close.
 *
 * <p>{@link #handler()} goes right after the channel's {@code SslHandler}: a server-side handshake
 * starts only when the peer's first bytes are read, and a turned-away channel is closed in
 * {@code channelActive}, before anything is read. The slot is given back when the handshake
 * completes (either way) or the connection closes first. The count is shared by every event loop.
 */
public final class HandshakeAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(HandshakeAdmission.class);
  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final String server;
  private final int max;
  private final AtomicInteger inProgress = new AtomicInteger();
  private final AtomicLong turnedAway = new AtomicLong();
  private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  /** @param server named in the log line about connections turned away */
  public HandshakeAdmission(String server, int max) {
    if (max < 1) throw new IllegalArgumentException("max handshakes in progress must be at least 1, was " + max);
    this.server = server;
    this.max = max;
  }

  public int max() {
    return max;
  }

  /** Handshakes admitted and not finished. */
  public int inProgress() {
    return inProgress.get();
  }

  /** Connections turned away since the start. */
  public long turnedAway() {
    return turnedAway.get();
  }

  /** A new handler for one channel. */
  public ChannelHandler handler() {
    return new Gate();
  }

  private final class Gate extends ChannelInboundHandlerAdapter {
    /** Holds a slot: admitted, handshake not finished. */
    private boolean holding;
    private boolean refused;

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      if (inProgress.incrementAndGet() > max) {
        inProgress.decrementAndGet();
        refused = true;
        logRefusal(ctx);
        ctx.close();
        return;
      }
      holding = true;
      super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof SslHandshakeCompletionEvent) {
        // A connection turned away "fails" its handshake as it closes: that is not worth a log line each.
        if (refused) return;
        release();
        // The gate has done its work: the rest of the connection's life does not pass through it.
        ctx.pipeline().remove(this);
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (refused) {
        ReferenceCountUtil.release(msg);
        return;
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      release();
      if (!refused) super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      release();
    }

    private void release() {
      if (!holding) return;
      holding = false;
      inProgress.decrementAndGet();
    }
  }

  private void logRefusal(ChannelHandlerContext ctx) {
    long n = turnedAway.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLogNanos.get();
    if (now - last >= LOG_EVERY_NANOS && lastLogNanos.compareAndSet(last, now)) {
      LOG.warn("{}: {} TLS handshakes in progress, the most this manager takes on at once: turned away {} (the peer retries after its backoff); {} so far",
          server, max, ctx.channel().remoteAddress(), n);
    }
  }
}
