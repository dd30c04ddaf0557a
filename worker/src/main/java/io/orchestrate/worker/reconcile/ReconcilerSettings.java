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
 * @param driverConcurrency most driver starts (or stops) one event runs at once; the engine
 *                          creates and starts containers concurrently, so a Desired of N new tasks
 *                          takes about N / this many container starts instead of N
 * @param outputRetention   how long the output a driver keeps of a task (the process driver's files)
 *                          stays readable after the task left this node's desired set
 */
public record ReconcilerSettings(
    Duration monitorInterval, Duration statusBatchWindow, Duration stopGrace, int logTailLines, int driverConcurrency,
    Duration outputRetention) {
  public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_STATUS_BATCH_WINDOW = Duration.ofMillis(50);
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
  public static final int DEFAULT_LOG_TAIL_LINES = 20;
  /**
   * The engine itself runs starts concurrently and is the bottleneck: on a 2-core host 20 busybox
   * containers took about 4 s with 8 starts at a time and about 3.2 s with 16 (bench run), while
   * each start's own latency grows with the number in flight.
   */
  public static final int DEFAULT_DRIVER_CONCURRENCY = 16;
  public static final int MAX_DRIVER_CONCURRENCY = 64;
  /** As long as the managers list a stopped job's tasks by default (their job retention), so that their output can be read as long. */
  public static final Duration DEFAULT_OUTPUT_RETENTION = Duration.ofHours(24);

  public ReconcilerSettings {
    monitorInterval = positive(monitorInterval, DEFAULT_MONITOR_INTERVAL, "monitorInterval");
    statusBatchWindow = positive(statusBatchWindow, DEFAULT_STATUS_BATCH_WINDOW, "statusBatchWindow");
    if (stopGrace == null) stopGrace = DEFAULT_STOP_GRACE;
    if (stopGrace.isNegative()) throw new IllegalArgumentException("worker.stopGrace must not be negative, was " + stopGrace);
    if (logTailLines <= 0) throw new IllegalArgumentException("worker.logTailLines must be positive, was " + logTailLines);
    if (driverConcurrency == 0) driverConcurrency = DEFAULT_DRIVER_CONCURRENCY;
    if (driverConcurrency < 1 || driverConcurrency > MAX_DRIVER_CONCURRENCY) {
      throw new IllegalArgumentException("worker.driverConcurrency must be between 1 and " + MAX_DRIVER_CONCURRENCY + ", was " + driverConcurrency);
    }
    if (outputRetention == null) outputRetention = DEFAULT_OUTPUT_RETENTION;
    if (outputRetention.isNegative()) throw new IllegalArgumentException("worker.outputRetention must not be negative, was " + outputRetention);
  }

  /** Settings with the default output retention. */
  public ReconcilerSettings(Duration monitorInterval, Duration statusBatchWindow, Duration stopGrace, int logTailLines, int driverConcurrency) {
    this(monitorInterval, statusBatchWindow, stopGrace, logTailLines, driverConcurrency, DEFAULT_OUTPUT_RETENTION);
  }

  /** Settings with the default driver concurrency. */
  public ReconcilerSettings(Duration monitorInterval, Duration statusBatchWindow, Duration stopGrace, int logTailLines) {
    this(monitorInterval, statusBatchWindow, stopGrace, logTailLines, DEFAULT_DRIVER_CONCURRENCY);
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
