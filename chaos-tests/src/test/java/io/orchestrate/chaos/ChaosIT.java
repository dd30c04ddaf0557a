package io.orchestrate.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.chaos.checker.FaultEvent;
import io.orchestrate.chaos.checker.OpKind;
import io.orchestrate.testing.docker.RequiresDocker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite proper: managers and workers in containers under the seeded nemesis and
 * concurrent clients; every invariant of the checker must hold. Length, seed and size come from
 * {@code -Dchaos.minutes}, {@code -Dchaos.seed}, {@code -Dchaos.managers} (see chaos-tests/README.md).
 */
@RequiresDocker(images = {"local/busybox:1", OrchestrateImage.BASE})
class ChaosIT {
  /** The CI profile's faulty phase (the pom's default {@code chaos.minutes}). */
  static final Duration CI_DURATION = Duration.ofSeconds(210);
  /** Faults the CI profile must inject, counted in the history. */
  static final int MIN_FAULTS = 20;
  /** A fault cycle (hold, quiet, Docker work) takes at most about 10 s; fewer faults than this in a shorter run means the nemesis stalled. */
  static final long SECONDS_PER_FAULT_AT_MOST = 10;

  @Test
  void everyInvariantHoldsUnderKillsPausesAndPartitions() throws Exception {
    ChaosSettings settings = ChaosSettings.fromSystemProperties("chaos-" + System.getProperty("chaos.managers", "3") + "-managers");
    RunResult r = ChaosRun.run(settings);

    assertThat(r.report().valid()).as("invariant violated; seed %s; %s%n%s", settings.seed(), r.runDir(), r.report().violations()).isTrue();
    long injected = r.history().injectedFaults().size();
    long expected = settings.duration().compareTo(CI_DURATION) >= 0
        ? Math.max(MIN_FAULTS, settings.duration().toSeconds() / SECONDS_PER_FAULT_AT_MOST)
        : Math.max(1, settings.duration().toSeconds() / SECONDS_PER_FAULT_AT_MOST);
    assertThat(injected).as("faults injected (from the history)\n%s", r.summary()).isGreaterThanOrEqualTo(expected);
    if (settings.partitionsRequired()) {
      assertThat(r.history().injectedFaults()).as("partition faults injected\n%s", r.summary()).extracting(FaultEvent::kind)
          .containsAnyOf(FaultKind.ISOLATE_LEADER.name(), FaultKind.PARTITION_HALVES.name());
    }
    assertThat(r.history().ops().stream().filter(op -> op.ok() && op.kind() == OpKind.SUBMIT).count())
        .as("acknowledged submissions: the clients must have got work through").isGreaterThan(50);
    assertThat(r.history().ops().stream().filter(op -> op.ok() && op.kind() == OpKind.UPDATE).count())
        .as("acknowledged updates: new versions must have got through too").isGreaterThan(5);
  }
}
