package io.orchestrate.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static Duration ms(long v) {
    return Duration.ofMillis(v);
  }

  private static Trial trial(long placed, long first, long reported, long engine) {
    return new Trial(ms(placed), ms(first), ms(reported), ms(engine));
  }

  @Test
  void theMedianOfAnOddCountIsTheMiddleAndOfAnEvenCountTheMeanOfTheMiddleTwo() {
    assertThat(BenchReport.median(List.of(ms(9), ms(1), ms(5)))).isEqualTo(ms(5));
    assertThat(BenchReport.median(List.of(ms(4), ms(1), ms(10), ms(2)))).isEqualTo(ms(3));
    assertThat(BenchReport.median(List.of(ms(7)))).isEqualTo(ms(7));
    assertThatThrownBy(() -> BenchReport.median(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printsEveryRoundTheMediansAndTheRatioOfTheSecondToTheFirst() {
    BenchReport r = new BenchReport();
    r.contender("orchestrate");
    r.contender("swarm");
    r.add("orchestrate", trial(100, 900, 3000, 3100));
    r.add("swarm", trial(130, 1000, 6000, 6600));
    r.add("orchestrate", trial(120, 800, 2000, 2050));
    r.add("swarm", trial(140, 1200, 7000, 7000));
    r.add("orchestrate", trial(90, 1000, 4000, 4000));
    r.add("swarm", trial(120, 1100, 6500, 6500));
    StringWriter out = new StringWriter();

    r.print(new PrintWriter(out));

    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("ROUND").contains("SYSTEM", "PLACED", "FIRST RUNNING", "ALL RUNNING (REPORTED)", "ALL RUNNING (ENGINE)");
    assertThat(lines.get(1)).startsWith("1").contains("orchestrate", "0.10 s", "0.90 s", "3.00 s", "3.10 s");
    assertThat(lines.get(2)).startsWith("1").contains("swarm", "6.00 s", "6.60 s");
    assertThat(lines.get(7)).startsWith("median").contains("orchestrate", "0.10 s", "0.90 s", "3.00 s", "3.10 s");
    assertThat(lines.get(8)).startsWith("median").contains("swarm", "0.13 s", "1.10 s", "6.50 s", "6.60 s");
    assertThat(lines.get(9)).isEqualTo("swarm / orchestrate, medians of all running: 2.17x reported, 2.13x engine (above 1: orchestrate is faster)");
  }

  @Test
  void oneContenderAloneGetsNoRatio() {
    BenchReport r = new BenchReport();
    r.contender("orchestrate");
    r.contender("swarm");
    r.add("orchestrate", trial(1, 2, 3, 4));
    StringWriter out = new StringWriter();

    r.print(new PrintWriter(out));

    assertThat(out.toString()).doesNotContain("swarm").doesNotContain("faster");
    assertThatThrownBy(() -> r.add("kubernetes", trial(1, 2, 3, 4))).hasMessageContaining("kubernetes");
  }
}
