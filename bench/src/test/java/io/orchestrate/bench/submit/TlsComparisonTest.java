package io.orchestrate.bench.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsComparisonTest {
  private static SubmitReport run(long committed, double seconds) {
    return new SubmitReport("t", "l", "c", 1, 0, seconds, committed, committed / seconds, new SubmitReport.Latency(1, 2, 3, 4, 1.5), 0,
        Map.of(), new SubmitReport.Cpu(1, 0.1, 1, 2, true), new io.orchestrate.bench.meter.GcMeter.Summary(0, 0, 0), null, null, null, null);
  }

  @Test
  void ratesAreTakenOverAllRunsOfAModeNotAveragedPerRun() {
    // 1,000 in 10 s and 3,000 in 10 s: 200/s, whatever the per-run rates average to.
    TlsComparison c = TlsComparison.of(List.of(run(1_000, 10), run(3_000, 10)), List.of(run(1_800, 10), run(1_800, 10)));
    assertThat(c.plainPerSecond()).isEqualTo(200);
    assertThat(c.tlsPerSecond()).isEqualTo(180);
    assertThat(c.tlsOverPlain()).isEqualTo(0.9);
  }

  @Test
  void theTextNamesTheCostOrSaysTheRunsWereTooNoisy() {
    StringWriter costs = new StringWriter();
    TlsComparison.of(List.of(run(1_000, 10)), List.of(run(850, 10))).printText(new PrintWriter(costs, true));
    assertThat(costs.toString()).contains("TLS / plain    85.0 % (TLS costs 15.0 % of throughput)");

    StringWriter noisy = new StringWriter();
    TlsComparison.of(List.of(run(1_000, 10)), List.of(run(1_200, 10))).printText(new PrintWriter(noisy, true));
    assertThat(noisy.toString()).contains("TLS ran faster").doesNotContain("TLS costs -");
  }

  @Test
  void nothingCommittedInPlainTextGivesNoRatio() {
    assertThat(TlsComparison.of(List.of(run(0, 10)), List.of(run(10, 10))).tlsOverPlain()).isZero();
  }
}
