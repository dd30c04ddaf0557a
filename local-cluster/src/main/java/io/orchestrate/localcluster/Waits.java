package io.orchestrate.localcluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Bounded waits for a condition, polled; the last error the probe threw is kept for the timeout's message. */
public final class Waits {
  private Waits() {}

  /**
   * Polls {@code probe} every {@code interval} until it returns non-null, and returns that. A probe
   * that throws counts as not yet (the thing it asks may still be starting). Past {@code timeout},
   * throws {@link IllegalStateException} naming {@code what} and the probe's last error.
   */
  public static <T> T until(String what, Duration timeout, Duration interval, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        T v = probe.get();
        if (v != null) return v;
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        IllegalStateException e = new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what
            + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
        if (last != null) e.addSuppressed(last);
        throw e;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(interval.toNanos(), Math.max(0, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
