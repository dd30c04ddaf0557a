package io.orchestrate.manager.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.manager.config.ConnectionLimits;
import java.util.concurrent.TimeUnit;

/**
 * The clock of one API connection. Each state has its own deadline, set when the state is entered
 * and not moved by bytes arriving, so that a client dripping a byte at a time gains nothing:
 * <ul>
 *   <li>headers: from a request's first byte until its headers are read ({@code httpHeaderTimeout});
 *   <li>body: from there until its last byte ({@code httpBodyTimeout});
 *   <li>idle: no request under way and every request answered ({@code httpIdleTimeout});
 *   <li>answering: an answer is owed, and the request timeout bounds each; as a backstop, in case
 *       a request is ever read that nothing answers (Netty answers some {@code Expect} headers
 *       itself), the idle timeout plus the request timeout from the last answer.
 * </ul>
 * A late request is answered 408 (when no earlier answer is still owed, so answers stay in order)
 * and the connection closed; an idle one is closed. The decoder reports the reading side, the
 * handler the answers. Owned by the channel's event loop: every method runs there.
 */
final class HttpDeadlines {
  private enum Reading { NONE, HEADERS, BODY }

  private final long headerNanos;
  private final long bodyNanos;
  private final long idleNanos;
  private final long answeringNanos;
  private ChannelHandlerContext ctx;
  private Reading reading = Reading.NONE;
  /** Requests read whole and not answered yet; may dip below zero while a 413 goes out before its body is read. */
  private int unanswered;
  /** When the current state's time is up (System.nanoTime). */
  private long deadline;
  private ScheduledFuture<?> timer;
  /** When {@link #timer} fires (System.nanoTime). */
  private long timerAt;

  HttpDeadlines(ConnectionLimits limits, java.time.Duration requestTimeout) {
    this.headerNanos = limits.httpHeaderTimeout().toNanos();
    this.bodyNanos = limits.httpBodyTimeout().toNanos();
    this.idleNanos = limits.httpIdleTimeout().toNanos();
    this.answeringNanos = idleNanos + requestTimeout.toNanos();
  }

  /** The connection is open: the idle clock starts. */
  void opened(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    rearm();
  }

  /** Bytes are about to be decoded; between requests they are the first of a new one. */
  void bytesArrived() {
    if (reading == Reading.NONE) {
      reading = Reading.HEADERS;
      rearm();
    }
  }

  void headersRead() {
    reading = Reading.BODY;
    rearm();
  }

  void requestRead() {
    reading = Reading.NONE;
    unanswered++;
    rearm();
  }

  void answered() {
    unanswered--;
    rearm();
  }

  void closed() {
    if (timer != null) timer.cancel(false);
    timer = null;
    ctx = null;
  }

  private void rearm() {
    long limit = switch (reading) {
      case HEADERS -> headerNanos;
      case BODY -> bodyNanos;
      case NONE -> unanswered > 0 ? answeringNanos : idleNanos;
    };
    deadline = System.nanoTime() + limit;
    if (ctx == null) return;
    if (timer != null && timerAt - deadline > 0) {
      // Set for a later deadline (idle, say) than the one now running: too late for this one.
      timer.cancel(false);
      timer = null;
    }
    if (timer == null) schedule(limit);
  }

  /**
   * One timer per connection at most, so that most requests cost no scheduling: a timer that
   * fires before the current deadline waits again for what is left.
   */
  private void schedule(long delayNanos) {
    timerAt = System.nanoTime() + delayNanos;
    timer = ctx.executor().schedule(this::fire, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void fire() {
    timer = null;
    if (ctx == null) return;
    long left = deadline - System.nanoTime();
    if (left > 0) {
      schedule(left);
      return;
    }
    ChannelHandlerContext c = ctx;
    if (reading == Reading.NONE) {
      c.close();
      return;
    }
    String what = reading == Reading.HEADERS ? "request headers were not received within " + TimeUnit.NANOSECONDS.toMillis(headerNanos) + " ms"
        : "request body was not received within " + TimeUnit.NANOSECONDS.toMillis(bodyNanos) + " ms";
    if (unanswered > 0) c.close();
    else ApiHandler.write(c, ApiResponse.error(ErrorCode.REQUEST_TIMEOUT, what), false, false);
    closed();
  }
}
