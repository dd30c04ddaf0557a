package io.orchestrate.bench.run;

import io.orchestrate.client.Time;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Bounded polling for "N things reached a state": probes every {@code interval} until the count
 * reaches the target or {@code timeout} passes since {@code startNanos}. A probe that throws counts
 * as "not yet" (a service that does not exist yet, an election in progress); the last such error
 * is named if time runs out.
 */
public final class Poll {
  private final Time time;

  public Poll(Time time) {
    this.time = time;
  }

  /** When the count first reached 1 and when it reached the target, both from {@code startNanos}. */
  public record Progress(Duration first, Duration all) {}

  /** Time from {@code startNanos} to the first probe that saw {@code target} or more. */
  public Duration until(String what, IntSupplier count, int target, long startNanos, Duration interval, Duration timeout)
      throws InterruptedException {
    return track(what, count, target, startNanos, interval, timeout).all();
  }

  /** Like {@link #until}, also noting the first probe that saw at least one. */
  public Progress track(String what, IntSupplier count, int target, long startNanos, Duration interval, Duration timeout)
      throws InterruptedException {
    if (target < 1) throw new IllegalArgumentException("target must be at least 1, was " + target);
    long deadline = startNanos + timeout.toNanos();
    int last = -1;
    Duration first = null;
    RuntimeException lastError = null;
    while (true) {
      try {
        last = count.getAsInt();
        long now = time.nanoTime();
        if (last >= 1 && first == null) first = Duration.ofNanos(now - startNanos);
        if (last >= target) return new Progress(first, Duration.ofNanos(now - startNanos));
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (time.nanoTime() >= deadline) {
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what + ": "
            + Math.max(last, 0) + " of " + target + (lastError == null ? "" : " (last error: " + lastError.getMessage() + ")"));
      }
      time.sleep(interval);
    }
  }
}
