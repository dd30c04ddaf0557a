package io.orchestrate.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitsTest {
  @Test
  void returnsTheFirstNonNullAnswerAndTreatsAThrowAsNotYet() {
    AtomicInteger calls = new AtomicInteger();
    String v = Waits.until("the third call", Duration.ofSeconds(5), Duration.ofMillis(1), () -> {
      int n = calls.incrementAndGet();
      if (n == 1) throw new IllegalStateException("still starting");
      return n == 3 ? "ready" : null;
    });
    assertThat(v).isEqualTo("ready");
    assertThat(calls).hasValue(3);
  }

  @Test
  void timesOutNamingWhatItWaitedForAndTheLastError() {
    assertThatThrownBy(() -> Waits.until("a leader", Duration.ofMillis(30), Duration.ofMillis(5), () -> {
      throw new IllegalStateException("connection refused");
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("a leader").hasMessageContaining("connection refused");
  }
}
