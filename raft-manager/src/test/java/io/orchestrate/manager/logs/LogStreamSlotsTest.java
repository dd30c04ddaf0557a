package io.orchestrate.manager.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.manager.config.LogRelayLimits;
import io.orchestrate.manager.service.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogStreamSlotsTest {
  private final LogStreamSlots slots = new LogStreamSlots(new LogRelayLimits(3, 2, Duration.ofSeconds(60)));

  @Test
  void theManagerWideLimitRefusesOneMoreNamingItAndAReleaseMakesRoom() {
    LogStreamSlots.Slot a = slots.take("a");
    slots.take("b");
    slots.take("c");
    assertThatThrownBy(() -> slots.take("d")).isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS))
        .hasMessageContaining("logsMaxStreams").hasMessageContaining("= 3");
    a.release();
    slots.take("d");
    assertThat(slots.held()).isEqualTo(3);
  }

  @Test
  void oneClientHoldsAtMostItsShare() {
    slots.take("a");
    LogStreamSlots.Slot second = slots.take("a");
    assertThatThrownBy(() -> slots.take("a")).hasMessageContaining("logsMaxStreamsPerClient").hasMessageContaining("= 2");
    assertThat(slots.held()).isEqualTo(2);
    slots.take("b");
    second.release();
    assertThat(slots.heldBy("a")).isEqualTo(1);
  }

  @Test
  void aSlotReleasedTwiceIsGivenBackOnce() {
    LogStreamSlots.Slot a = slots.take("a");
    slots.take("a");
    a.release();
    a.release();
    assertThat(slots.held()).isEqualTo(1);
    assertThat(slots.heldBy("a")).isEqualTo(1);
  }

  @Test
  void limitsAreCheckedAgainstEachOther() {
    assertThatThrownBy(() -> new LogRelayLimits(2, 3, Duration.ofSeconds(1))).hasMessageContaining("--logs-max-streams-per-client");
    assertThatThrownBy(() -> new LogRelayLimits(0, 1, Duration.ofSeconds(1))).hasMessageContaining("--logs-max-streams");
    assertThatThrownBy(() -> new LogRelayLimits(1, 1, Duration.ZERO)).hasMessageContaining("--logs-slow-client-timeout");
    assertThat(LogRelayLimits.DEFAULTS.withMaxStreams(10).maxStreamsPerClient()).isEqualTo(10);
  }
}
