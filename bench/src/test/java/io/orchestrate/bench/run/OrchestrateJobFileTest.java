package io.orchestrate.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.codec.JobFiles;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The job the time-to-running benchmark submits is a valid job file carrying the round's settings. */
class OrchestrateJobFileTest {
  private static BenchSettings settings(String network) {
    return new BenchSettings(20, 1, 1, "local/busybox:1", 0.05, 16, Duration.ofMillis(100), Duration.ofMillis(20),
        Duration.ofMillis(100), Duration.ofSeconds(60), false, network);
  }

  @Test
  void carriesCountLimitsAndTheNetworkOnlyWhenOneIsChosen() {
    JobSpec plain = JobFiles.parse(OrchestrateContender.jobFile("bench-1", 20, settings(null)));
    TaskSpec t = plain.tasks().get(0);
    assertThat(plain.name()).isEqualTo("bench-1");
    assertThat(t.count()).isEqualTo(20);
    assertThat(t.resources().memoryMb()).isEqualTo(16);
    assertThat(t.command()).containsExactly("sleep", "3600");
    assertThat(t.network()).isNull();

    assertThat(JobFiles.parse(OrchestrateContender.jobFile("bench-2", 20, settings("host"))).tasks().get(0).network()).isEqualTo("host");
  }
}
