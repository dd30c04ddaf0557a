package io.orchestrate.bench.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The benchmark's accounting: which results count, how latency and throughput are computed. */
class SubmitStatsTest {
  private static final long MS = 1_000_000L;
  /** An arbitrary origin, far from zero, as System.nanoTime() values are. */
  private static final long FROM = 7_000_000_000_000L;

  private final SubmitStats stats = new SubmitStats(FROM);

  @Test
  void warmUpResultsCountForProgressButNotForTheWindow() {
    stats.committed(FROM - 50 * MS, FROM - 40 * MS);
    stats.failed("timeout", FROM - 1);
    stats.committed(FROM, FROM + 3 * MS);
    stats.close(FROM + 1000 * MS);

    assertThat(stats.totals()).isEqualTo(new SubmitStats.Totals(2, 1));
    SubmitStats.Summary s = stats.summary();
    assertThat(s.committed()).isEqualTo(1);
    assertThat(s.errors()).isEmpty();
  }

  @Test
  void latencyRunsFromSendingEvenWhenSentDuringWarmUp() {
    stats.committed(FROM - 5 * MS, FROM + 5 * MS);
    stats.close(FROM + 1000 * MS);

    assertThat(stats.summary().maxMs()).isCloseTo(10.0, within(0.01));
    assertThat(stats.summary().p50Ms()).isCloseTo(10.0, within(0.01));
  }

  @Test
  void resultsAfterCloseAreNotCounted() {
    stats.committed(FROM, FROM + 10 * MS);
    stats.close(FROM + 100 * MS);
    stats.committed(FROM + 50 * MS, FROM + 100 * MS);
    stats.committed(FROM + 90 * MS, FROM + 150 * MS);
    stats.failed("HTTP 503 unavailable", FROM + 101 * MS);

    SubmitStats.Summary s = stats.summary();
    assertThat(s.committed()).isEqualTo(1);
    assertThat(s.errorCount()).isZero();
    assertThat(s.maxMs()).as("late answers do not reach the histogram").isCloseTo(10.0, within(0.01));
  }

  @Test
  void throughputIsCommittedOverTheWindowLength() {
    for (int i = 0; i < 1000; i++) stats.committed(FROM + i * MS, FROM + i * MS + MS);
    stats.close(FROM + 2_000 * MS);

    SubmitStats.Summary s = stats.summary();
    assertThat(s.seconds()).isCloseTo(2.0, within(1e-9));
    assertThat(s.perSecond()).isCloseTo(500.0, within(1e-6));
  }

  @Test
  void percentilesComeFromTheLatencies() {
    // 1 ms .. 100 ms, one each, shuffled by a stride so that order does not matter.
    for (int i = 0; i < 100; i++) {
      int ms = (i * 37) % 100 + 1;
      stats.committed(FROM, FROM + ms * MS);
    }
    stats.close(FROM + 1000 * MS);

    SubmitStats.Summary s = stats.summary();
    // HdrHistogram keeps 3 significant digits: values are within 0.1%.
    assertThat(s.p50Ms()).isCloseTo(50.0, within(0.1));
    assertThat(s.p90Ms()).isCloseTo(90.0, within(0.1));
    assertThat(s.p99Ms()).isCloseTo(99.0, within(0.1));
    assertThat(s.maxMs()).isCloseTo(100.0, within(0.1));
    assertThat(s.meanMs()).isCloseTo(50.5, within(0.1));
  }

  @Test
  void errorsAreCountedByKindAndDoNotCountAsCommitted() {
    stats.failed("HTTP 503 unavailable", FROM + MS);
    stats.failed("HTTP 503 unavailable", FROM + 2 * MS);
    stats.failed("timeout", FROM + 3 * MS);
    stats.committed(FROM, FROM + 4 * MS);
    stats.close(FROM + 1000 * MS);

    SubmitStats.Summary s = stats.summary();
    assertThat(s.errors()).containsExactly(entry("HTTP 503 unavailable", 2L), entry("timeout", 1L));
    assertThat(s.errorCount()).isEqualTo(3);
    assertThat(s.committed()).isEqualTo(1);
  }

  @Test
  void anEmptyWindowHasZeroesNotGarbage() {
    stats.close(FROM + 1000 * MS);

    SubmitStats.Summary s = stats.summary();
    assertThat(s.committed()).isZero();
    assertThat(s.perSecond()).isZero();
    assertThat(s.p99Ms()).isZero();
    assertThat(s.maxMs()).isZero();
  }

  @Test
  void onlyTheFirstCloseEndsTheWindow() {
    stats.close(FROM + 1000 * MS);
    stats.close(FROM + 5000 * MS);
    stats.committed(FROM, FROM + 2000 * MS);

    assertThat(stats.summary().seconds()).isCloseTo(1.0, within(1e-9));
    assertThat(stats.summary().committed()).isZero();
  }

  @Test
  void summaryBeforeCloseIsRefused() {
    assertThatThrownBy(stats::summary).isInstanceOf(IllegalStateException.class);
  }
}
