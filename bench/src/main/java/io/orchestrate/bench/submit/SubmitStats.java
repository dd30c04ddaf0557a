package io.orchestrate.bench.submit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counts what a submission benchmark produced. A result belongs to the measured window when it
 * completed inside it ({@code measureFrom <= done < closedAt}): warm-up results and those that
 * arrive after {@link #close} count only toward progress. Latency is measured from when the request
 * was sent, so a request sent during warm-up and answered inside the window counts with its full
 * latency. Times are {@link System#nanoTime()}-style values passed in by the caller.
 *
 * <p>Thread-safe: results are recorded from the HTTP client's I/O threads while the driver thread
 * reads progress; {@link #summary} is meant for after the window closed.
 */
public final class SubmitStats {
  private final long measureFrom;
  private volatile long closedAt = Long.MAX_VALUE;

  private final LongAdder committedAll = new LongAdder();
  private final LongAdder errorsAll = new LongAdder();
  private final LongAdder committed = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  /** Latency in microseconds; auto-resizing so that a pathological answer cannot overflow it. */
  private final Histogram latencyMicros = new ConcurrentHistogram(3);

  public SubmitStats(long measureFromNanos) {
    this.measureFrom = measureFromNanos;
  }

  /** Figures for the results that complete in {@code [fromNanos, untilNanos)} only: the cold start's first seconds, say. */
  public static SubmitStats window(long fromNanos, long untilNanos) {
    SubmitStats s = new SubmitStats(fromNanos);
    s.close(untilNanos);
    return s;
  }

  public long measureFrom() {
    return measureFrom;
  }

  /** A 201: the submission was committed. */
  public void committed(long sentNanos, long doneNanos) {
    committedAll.increment();
    if (!inWindow(doneNanos)) return;
    committed.increment();
    latencyMicros.recordValue(Math.max(0, (doneNanos - sentNanos) / 1_000));
  }

  /** Anything else: an HTTP status other than 201, a timeout, a broken connection. */
  public void failed(String kind, long doneNanos) {
    errorsAll.increment();
    if (!inWindow(doneNanos)) return;
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  private boolean inWindow(long doneNanos) {
    return doneNanos - measureFrom >= 0 && doneNanos - closedAt < 0;
  }

  /** Ends the measured window at {@code atNanos}; results completing later are not counted. Only the first call counts. */
  public synchronized void close(long atNanos) {
    if (closedAt == Long.MAX_VALUE) closedAt = Math.max(atNanos, measureFrom);
  }

  public boolean closed() {
    return closedAt != Long.MAX_VALUE;
  }

  /** Totals over every phase, for progress lines. */
  public Totals totals() {
    return new Totals(committedAll.sum(), errorsAll.sum());
  }

  /** What progress lines show: results so far, whatever the phase. */
  public record Totals(long committed, long errors) {}

  /** The measured window's figures; call after {@link #close}. */
  public Summary summary() {
    if (!closed()) throw new IllegalStateException("the measured window is still open");
    long n = committed.sum();
    double seconds = (closedAt - measureFrom) / 1e9;
    Map<String, Long> errs = new TreeMap<>();
    errors.forEach((k, v) -> errs.put(k, v.sum()));
    Histogram h = latencyMicros.copy();
    return new Summary(
        n,
        seconds,
        seconds > 0 ? n / seconds : 0,
        millis(h, 50),
        millis(h, 90),
        millis(h, 99),
        n == 0 ? 0 : h.getMaxValue() / 1000.0,
        n == 0 ? 0 : h.getMean() / 1000.0,
        errs);
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * @param committed  201 answers that completed inside the window
   * @param seconds    length of the window
   * @param perSecond  committed / seconds
   * @param errors     count by kind, e.g. {@code HTTP 503 unavailable} or {@code timeout}
   */
  public record Summary(
      long committed,
      double seconds,
      double perSecond,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      double maxMs,
      double meanMs,
      Map<String, Long> errors) {

    public long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
