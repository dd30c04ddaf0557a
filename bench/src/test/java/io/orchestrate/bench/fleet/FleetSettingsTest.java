package io.orchestrate.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetSettingsTest {
  private static final Duration T = Duration.ofMinutes(1);

  @Test
  void theLastJobTakesTheRestAndEveryTaskIsInSomeJob() {
    FleetSettings s = new FleetSettings(10, 1_050, 100, 4, T, true);

    assertThat(s.jobs()).isEqualTo(11);
    assertThat(s.tasksOfJob(0)).isEqualTo(100);
    assertThat(s.tasksOfJob(10)).isEqualTo(50);
    int sum = 0;
    for (int j = 0; j < s.jobs(); j++) sum += s.tasksOfJob(j);
    assertThat(sum).isEqualTo(1_050);
    assertThatThrownBy(() -> s.tasksOfJob(11)).hasMessageContaining("job 11 is not among the 11 jobs");
  }

  @Test
  void everyNodeHoldsTwiceItsShareSoTheFleetHoldsEveryTask() {
    FleetSettings s = new FleetSettings(1_000, 100_000, 100, 8, T, true);
    var c = s.nodeCapacity();
    long slots = Math.round(c.cpu() / FleetSettings.TASK_RESOURCES.cpu());

    assertThat(slots).isEqualTo(2 * 100 + 8);
    assertThat(c.memoryMb()).isEqualTo(slots * FleetSettings.TASK_RESOURCES.memoryMb());
    assertThat(slots * s.nodes()).isGreaterThanOrEqualTo(2L * s.tasks());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0|100|100|8|60|--nodes must be between 1 and 20000, was 0",
      "10|0|100|8|60|--tasks must be between 1 and 2000000, was 0",
      "10|100|0|8|60|--tasks-per-job must be between 1 and 1000, was 0",
      "10|100|1001|8|60|--tasks-per-job must be between 1 and 1000, was 1001",
      "10|100|100|0|60|--in-flight must be between 1 and 256, was 0",
      "10|100|100|8|9|--timeout must be at least 10s, was 9000ms"})
  void aBadValueIsRefusedNamingItsFlag(int nodes, int tasks, int perJob, int inFlight, int timeoutSeconds, String message) {
    assertThatThrownBy(() -> new FleetSettings(nodes, tasks, perJob, inFlight, Duration.ofSeconds(timeoutSeconds), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
