package io.orchestrate.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.chaos.checker.InvariantResult;
import io.orchestrate.chaos.checker.OpKind;
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
 * checker must report those acknowledged jobs as lost. Workers started as
 * {@link io.orchestrate.chaos.unsafe.UnsafeWorkerMain} (desired sets filtered by
 * {@link io.orchestrate.chaos.unsafe.ForgetStops}) never stop a task the leader stopped: the
 * checker must report the copies of stopped tasks they still run, while the managers' own
 * promises hold.
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

  @Test
  void aWorkerThatNeverStopsAStoppedTaskIsCaughtRunningIt() throws Exception {
    // Leader kills only: the managers are the shipped ones and keep their promises; the broken part is the workers.
    ChaosSettings settings = ChaosSettings.fromSystemProperties("broken-forget-stops")
        .withManagers(3)
        .withUnsafeWorkers(true)
        .withFaults(EnumSet.of(FaultKind.KILL_LEADER))
        .withDuration(Duration.ofSeconds(35));
    RunResult r = ChaosRun.run(settings);

    assertThat(r.history().ops()).as("the clients must have stopped jobs\n%s", r.summary())
        .anyMatch(op -> op.ok() && op.kind() == OpKind.STOP);
    InvariantResult desired = r.report().result("workers-run-desired-set").orElseThrow();
    assertThat(desired.passed()).as("the unsafe workers must keep running stopped tasks\n%s", r.summary()).isFalse();
    assertThat(desired.counterexample()).containsPattern("copy of stopped task t-\\S+ .* still running on w[12]");
    assertThat(r.report().result("acknowledged-writes-survive").orElseThrow().passed())
        .as("the managers are the shipped ones\n%s", r.summary()).isTrue();
  }
}
