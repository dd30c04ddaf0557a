package io.orchestrate.bench.fleet;

import io.orchestrate.localcluster.Waits;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one bound on a whole {@code bench fleet} run ({@code --timeout}): every wait takes what is
 * left of it, and running out fails the run with a {@link FleetTimeoutException} naming the flag
 * and what was being waited for.
 */
final class RunDeadline {
  private final Duration timeout;
  private final long deadlineNanos;

  RunDeadline(Duration timeout, long startNanos) {
    this.timeout = timeout;
    this.deadlineNanos = startNanos + timeout.toNanos();
  }

  Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** The smaller of {@code cap} and what is left, never less than a millisecond (a client refuses zero). */
  Duration remaining(Duration cap) {
    Duration left = remaining();
    Duration d = left.compareTo(cap) < 0 ? left : cap;
    return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
  }

  /** Throws when the run is out of time; {@code what} says what it was doing. */
  void check(String what) {
    if (System.nanoTime() - deadlineNanos >= 0) throw expired(what, null);
  }

  /** Polls {@code probe} every {@code interval} until non-null, within what is left of the run. */
  <T> T await(String what, Duration interval, Supplier<T> probe) {
    try {
      return Waits.until(what, remaining(), interval, probe);
    } catch (IllegalStateException e) {
      if (Thread.currentThread().isInterrupted()) throw e;
      throw expired(what, e);
    }
  }

  FleetTimeoutException expired(String what, Throwable cause) {
    String detail = cause == null ? "" : " (" + cause.getMessage() + ")";
    return new FleetTimeoutException("--timeout " + seconds(timeout) + " passed while waiting for " + what + detail, cause);
  }

  static String seconds(Duration d) {
    return d.toSeconds() % 60 == 0 && d.toSeconds() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }
}
