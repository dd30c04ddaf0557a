package io.orchestrate.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.client.ManualTime;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollTest {
  private final ManualTime time = new ManualTime();
  private final Poll poll = new Poll(time);

  @Test
  void measuresFromTheGivenStartToTheFirstProbeAtOneAndAtTheTarget() throws Exception {
    long start = time.nanoTime() - Duration.ofMillis(30).toNanos(); // the submit was issued 30 ms before polling began
    Iterator<Integer> counts = List.of(0, 0, 2, 4, 5, 9).iterator();

    Poll.Progress p = poll.track("things", counts::next, 5, start, Duration.ofMillis(100), Duration.ofSeconds(10));

    assertThat(p.first()).isEqualTo(Duration.ofMillis(230));
    assertThat(p.all()).isEqualTo(Duration.ofMillis(430));
    assertThat(time.sleeps()).containsOnly(Duration.ofMillis(100)).hasSize(4);
  }

  @Test
  void aProbeThatThrowsCountsAsNotYet() throws Exception {
    Iterator<Object> answers = List.<Object>of(new IllegalStateException("no such service"), 3).iterator();

    Duration d = poll.until("tasks", () -> {
      Object a = answers.next();
      if (a instanceof RuntimeException e) throw e;
      return (Integer) a;
    }, 3, time.nanoTime(), Duration.ofMillis(20), Duration.ofSeconds(1));

    assertThat(d).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void givesUpAtTheTimeoutSayingHowFarItGotAndTheLastError() {
    int[] probes = {0};
    assertThatThrownBy(() -> poll.until("containers running", () -> {
      if (++probes[0] % 2 == 0) throw new IllegalStateException("engine busy");
      return 7;
    }, 20, time.nanoTime(), Duration.ofMillis(100), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("timed out after 1 s waiting for containers running: 7 of 20 (last error: engine busy)");
    assertThat(probes[0]).isEqualTo(11);
  }
}
