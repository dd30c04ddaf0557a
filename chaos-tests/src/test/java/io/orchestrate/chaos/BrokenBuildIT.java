package io.orchestrate.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.chaos.checker.InvariantResult;
import io.orchestrate.testing.docker.RequiresDocker;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * The suite must catch a broken build. Managers started as
 * {@link io.orchestrate.chaos.unsafe.UnsafeManagerMain} (submit step wrapped by
 * {@link io.orchestrate.chaos.unsafe.AckBeforeCommit}) acknowledge a submission before it is
 * committed; an isolated leader keeps acknowledging to the clients that still reach it, the majority elects
 * another leader, and on the heal the old leader's uncommitted entries are overwritten: the
 * checker must report those acknowledged jobs as lost.
 */
@RequiresDocker(images = {"local/busybox:1", OrchestrateImage.BASE})
class BrokenBuildIT {
  @Test
  void acknowledgingBeforeCommitIsCaughtAsALostWrite() throws Exception {
    ChaosSettings settings = ChaosSettings.fromSystemProperties("broken-ack-before-commit")
        .withManagers(3)
        .withUnsafeManagers(true)
        .withFaults(EnumSet.of(FaultKind.ISOLATE_LEADER))
        .withDuration(Duration.ofSeconds(40));
    RunResult r = ChaosRun.run(settings);

    InvariantResult lost = r.report().result("acknowledged-writes-survive").orElseThrow();
    assertThat(lost.passed()).as("the unsafe build must lose an acknowledged write\n%s", r.summary()).isFalse();
    assertThat(lost.counterexample()).contains("lost write");
  }
}
