package io.orchestrate.worker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration MIN = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofSeconds(5);

  @Test
  void doublesUpToTheCapWithTheFullDelayAtTopJitter() {
    Backoff b = new Backoff(MIN, MAX, () -> 0.999999);
    long[] expected = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
    for (long ms : expected) assertThat(b.next().toMillis()).isBetween(ms - 1, ms);
  }

  @Test
  void bottomJitterWaitsHalf() {
    Backoff b = new Backoff(MIN, MAX, () -> 0.0);
    assertThat(b.next()).isEqualTo(Duration.ofMillis(50));
    assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void staysBoundedAfterManyAttempts() {
    Backoff b = new Backoff(MIN, MAX, () -> 0.5);
    for (int i = 0; i < 200; i++) assertThat(b.next()).isLessThanOrEqualTo(MAX).isPositive();
  }

  @Test
  void resetStartsOver() {
    Backoff b = new Backoff(MIN, MAX, () -> 0.0);
    for (int i = 0; i < 5; i++) b.next();
    b.reset();
    assertThat(b.next()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void rejectsAMaxBelowTheMin() {
    assertThatThrownBy(() -> new Backoff(MAX, MIN, () -> 0)).hasMessageContaining("must be at least min");
  }
}
