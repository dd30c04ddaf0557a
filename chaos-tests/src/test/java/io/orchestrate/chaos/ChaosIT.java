package io.orchestrate.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.testsupport.RequiresDocker;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite proper: managers and workers in containers under the seeded nemesis and
 * concurrent clients; every invariant of the checker must hold. Length, seed and size come from
 * {@code -Dchaos.minutes}, {@code -Dchaos.seed}, {@code -Dchaos.managers} (see chaos-tests/README.md).
 */
@RequiresDocker(images = {"local/busybox:1", OrchestrateImage.BASE})
class ChaosIT {
  /** A fault cycle (hold, quiet, Docker work) takes at most about 9.75 s; fewer faults than this means the nemesis stalled. */
  static final long SECONDS_PER_FAULT_AT_MOST = 10;

  @Test
  void everyInvariantHoldsUnderKillsPausesAndPartitions() throws Exception {
    ChaosSettings settings = ChaosSettings.fromSystemProperties("chaos-" + System.getProperty("chaos.managers", "3") + "-managers");
    RunResult r = ChaosRun.run(settings);

    assertThat(r.report().valid()).as("invariant violated; seed %s; %s%n%s", settings.seed(), r.runDir(), r.report().violations()).isTrue();
    long expectedFaults = Math.max(1, settings.duration().toSeconds() / SECONDS_PER_FAULT_AT_MOST);
    assertThat((long) r.history().faults().size()).as("faults injected\n%s", r.summary()).isGreaterThanOrEqualTo(expectedFaults);
    assertThat(r.history().ops().stream().filter(op -> op.ok() && op.kind() == io.orchestrate.chaos.checker.OpKind.SUBMIT).count())
        .as("acknowledged submissions: the clients must have got work through").isGreaterThan(50);
  }
}
