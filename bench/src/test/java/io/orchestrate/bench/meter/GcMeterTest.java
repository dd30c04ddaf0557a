package io.orchestrate.bench.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcMeterTest {
  @Test
  void countsSumsAndKeepsTheLongestSinceTheMark() {
    try (GcMeter m = GcMeter.start()) {
      m.record(500);
      m.mark();
      m.record(12);
      m.record(40);
      m.record(3);

      GcMeter.Summary s = m.summary();
      // A collection of this JVM may land between the calls; the recorded ones must be there.
      assertThat(s.collections()).isGreaterThanOrEqualTo(3);
      assertThat(s.totalMs()).isGreaterThanOrEqualTo(55).isLessThan(500);
      assertThat(s.longestMs()).isGreaterThanOrEqualTo(40).isLessThan(500);
    }
  }

  @Test
  void hearsTheCollectionsOfThisJvm() {
    try (GcMeter m = GcMeter.start()) {
      m.mark();
      System.gc();
      await("a collection reported by the collector beans").atMost(Duration.ofSeconds(10))
          .until(() -> m.summary().collections() >= 1);
      GcMeter.Summary s = m.summary();
      assertThat(s.longestMs()).isLessThanOrEqualTo(s.totalMs());
    }
  }

  @Test
  void stopsListeningWhenClosed() {
    GcMeter closed = GcMeter.start();
    closed.close();
    closed.mark();
    try (GcMeter open = GcMeter.start()) {
      open.mark();
      System.gc();
      // The open meter hearing the collection shows it was announced, to listeners of both.
      await("the open meter hears a collection").atMost(Duration.ofSeconds(10))
          .until(() -> open.summary().collections() >= 1);
    }
    assertThat(closed.summary().collections()).isZero();
  }
}
