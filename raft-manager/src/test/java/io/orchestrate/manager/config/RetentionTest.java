package io.orchestrate.manager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retentions as operators write them: durations, off, and a refused zero that names the field. */
class RetentionTest {
  @Test
  void readsDurationsInEveryUnitAndOff() {
    assertThat(Retention.parse("500ms", "f").keep()).isEqualTo(Duration.ofMillis(500));
    assertThat(Retention.parse("90", "f").keep()).as("a bare number is seconds").isEqualTo(Duration.ofSeconds(90));
    assertThat(Retention.parse("15m", "f").keep()).isEqualTo(Duration.ofMinutes(15));
    assertThat(Retention.parse(" 24h ", "f").keep()).isEqualTo(Duration.ofHours(24));
    assertThat(Retention.parse("7d", "f").keep()).isEqualTo(Duration.ofDays(7));
    assertThat(Retention.parse("OFF", "f").off()).isTrue();
  }

  @Test
  void zeroAndNonsenseAreRefusedNamingTheField() {
    assertThatThrownBy(() -> Retention.parse("0s", "--job-retention")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--job-retention must be more than zero, or 'off' to keep ended records forever (got '0s')");
    assertThatThrownBy(() -> Retention.parse("-1h", "--node-retention")).hasMessageStartingWith("--node-retention: '-1h' is not a duration");
    assertThatThrownBy(() -> Retention.parse("", "jobRetention")).hasMessageStartingWith("jobRetention is empty");
    assertThatThrownBy(() -> Retention.of(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCutoffIsNowMinusTheRetentionAndNothingWhenOff() {
    assertThat(Retention.of(Duration.ofSeconds(10)).cutoff(100_000)).isEqualTo(90_000);
    assertThat(Retention.OFF.cutoff(100_000)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void printsWhatItReadsBack() {
    for (String text : new String[] {"1500ms", "90s", "15m", "24h", "36h", "7d", "off"}) {
      assertThat(Retention.parse(text, "f").toString()).isEqualTo(text);
    }
    assertThat(Retention.DEFAULT.toString()).isEqualTo("24h");
  }
}
