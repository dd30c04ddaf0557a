package io.orchestrate.worker.gateway;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * {@code min * 2^n}, capped at {@code max}. The jitter spreads a fleet of workers that lost the
 * same leader, so the new leader is not hit by all of them in the same millisecond.
 *
 * <p>Not thread-safe; the gateway client uses it on its event loop only.
 */
public final class Backoff {
  private static final int MAX_DOUBLINGS = 30;

  private final long minNanos;
  private final long configuredMaxNanos;
  private long maxNanos;
  private final DoubleSupplier random;
  private int attempt;

  /** @param random returns values in [0, 1) */
  public Backoff(Duration min, Duration max, DoubleSupplier random) {
    if (min.isNegative() || min.isZero()) throw new IllegalArgumentException("backoff min must be positive, was " + min);
    if (max.compareTo(min) < 0) throw new IllegalArgumentException("backoff max " + max + " must be at least min " + min);
    this.minNanos = min.toNanos();
    this.configuredMaxNanos = max.toNanos();
    this.maxNanos = configuredMaxNanos;
    this.random = random;
  }

  public Duration next() {
    long cap = Math.min(maxNanos, minNanos << Math.min(attempt, MAX_DOUBLINGS));
    if (cap < 0) cap = maxNanos; // shifted past the sign bit
    attempt++;
    long half = cap / 2;
    return Duration.ofNanos(half + (long) (random.getAsDouble() * (cap - half)));
  }

  /**
   * Lowers the bound to {@code limit} (never below min, never above the configured max): a worker
   * that learned its TTL must not sleep through it between two attempts.
   */
  public void capAt(Duration limit) {
    maxNanos = Math.max(minNanos, Math.min(configuredMaxNanos, limit.toNanos()));
  }

  /** The bound in effect now. */
  public Duration max() {
    return Duration.ofNanos(maxNanos);
  }

  public void reset() {
    attempt = 0;
  }
}
