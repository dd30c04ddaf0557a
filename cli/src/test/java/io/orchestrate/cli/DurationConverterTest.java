package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter c = new DurationConverter();

  @Test
  void readsUnitsAndBareSeconds() {
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("15s")).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.convert("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsZeroNegativeAndNonsense() {
    assertThatThrownBy(() -> c.convert("0s")).isInstanceOf(TypeConversionException.class).hasMessageContaining("more than zero");
    assertThatThrownBy(() -> c.convert("-1s")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> c.convert("1d")).isInstanceOf(TypeConversionException.class);
  }
}
