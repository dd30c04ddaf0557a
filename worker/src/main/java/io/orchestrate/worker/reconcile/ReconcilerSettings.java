package io.orchestrate.worker.reconcile;

import java.time.Duration;

/**
 * Timings of the reconciler.
 *
 * @param monitorInterval   how often running tasks are inspected for exits
 * @param statusBatchWindow updates produced within this window after the first one travel in one
 *                          TaskStatus message
 * @param stopGrace         how long a stopped task gets between SIGTERM and SIGKILL
 * @param logTailLines      how many of a failed task's last log lines go into its reason
 */
public record ReconcilerSettings(Duration monitorInterval, Duration statusBatchWindow, Duration stopGrace, int logTailLines) {
  public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_STATUS_BATCH_WINDOW = Duration.ofMillis(50);
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
  public static final int DEFAULT_LOG_TAIL_LINES = 20;

  public ReconcilerSettings {
    monitorInterval = positive(monitorInterval, DEFAULT_MONITOR_INTERVAL, "monitorInterval");
    statusBatchWindow = positive(statusBatchWindow, DEFAULT_STATUS_BATCH_WINDOW, "statusBatchWindow");
    if (stopGrace == null) stopGrace = DEFAULT_STOP_GRACE;
    if (stopGrace.isNegative()) throw new IllegalArgumentException("worker.stopGrace must not be negative, was " + stopGrace);
    if (logTailLines <= 0) throw new IllegalArgumentException("worker.logTailLines must be positive, was " + logTailLines);
  }

  public static ReconcilerSettings defaults() {
    return new ReconcilerSettings(null, null, null, DEFAULT_LOG_TAIL_LINES);
  }

  private static Duration positive(Duration value, Duration fallback, String field) {
    if (value == null) return fallback;
    if (value.isNegative() || value.isZero()) throw new IllegalArgumentException("worker." + field + " must be positive, was " + value);
    return value;
  }
}
