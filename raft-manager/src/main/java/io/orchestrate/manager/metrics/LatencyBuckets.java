package io.orchestrate.manager.metrics;

import java.time.Duration;

/**
 * The histogram buckets of the manager's latency timers. Explicit and few (13 each, plus +Inf)
 * rather than Micrometer's percentile histogram (about 70 per series): the API timer has a series
 * per route, method and status, and a scrape should stay small. Each set spans what is normal
 * for its path up to its timeout, so the p99 of a healthy and of a sick cluster both land on a
 * bucket edge that tells them apart.
 */
final class LatencyBuckets {
  private LatencyBuckets() {}

  /** API requests and proposals: a read answers in a millisecond, a write waits for an fsync and a quorum, a timeout is seconds. */
  static final Duration[] REQUEST = millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);

  /** Applying one entry: a RocksDB batch without fsync, tens of microseconds; a big placement batch, milliseconds. */
  static final Duration[] APPLY = millis(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 1_000);

  private static Duration[] millis(double... ms) {
    Duration[] d = new Duration[ms.length];
    for (int i = 0; i < ms.length; i++) d[i] = Duration.ofNanos(Math.round(ms[i] * 1_000_000));
    return d;
  }
}
