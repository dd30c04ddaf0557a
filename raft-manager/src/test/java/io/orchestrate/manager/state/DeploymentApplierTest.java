package io.orchestrate.manager.state;

import static io.orchestrate.manager.state.RollingState.JOB;
import static io.orchestrate.manager.state.RollingState.T0;
import static io.orchestrate.manager.state.RollingState.policy;
import static io.orchestrate.manager.state.RollingState.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.FailDeployment;
import io.orchestrate.core.command.RestartJob;
import io.orchestrate.core.command.StepDeployment;
import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.DeploymentStatus;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.UpdatePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Apply rules for deployments (feature level 4): start, steps, idempotent replays, failure with revert, restart, the level gate. */
class DeploymentApplierTest {
  private static final UpdatePolicy ONE_AT_A_TIME = policy(1, 1, 30, true, UpdatePolicy.STOP_FIRST);

  private static RollingState runningV1(UpdatePolicy p) {
    RollingState s = new RollingState(4);
    assertThat(s.submit(web(3, "v1", p, false))).isInstanceOf(CommandResult.JobSubmitted.class);
    s.runAll(null, T0 + 10);
    return s;
  }

  private static StepDeployment step(Deployment d, List<String> stops, List<StepDeployment.Create> creates, List<String> healthy, boolean finish) {
    return new StepDeployment(JOB, d.id(), d.steps(), stops, creates, healthy, finish, T0 + 5000);
  }

  @Test
  void aChangeOfAGroupWithAnUpdateBlockStartsADeploymentAndTouchesNoTaskYet() {
    RollingState s = runningV1(null);
    List<Task> before = s.live();
    CommandResult r = s.update(web(3, "v2", ONE_AT_A_TIME, false), T0 + 1000);

    assertThat(r).isEqualTo(new CommandResult.JobUpdated(JOB, 2, false));
    assertThat(s.live()).isEqualTo(before);
    Deployment d = s.deployment();
    assertThat(d.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(d.fromVersion()).isEqualTo(1);
    assertThat(d.toVersion()).isEqualTo(2);
    assertThat(d.group("api").desired()).isEqualTo(3);
    assertThat(d.group("api").keep()).isEmpty();
    assertThat(d.group("api").placed()).isEmpty();
    // The old tasks still run their own version's spec.
    assertThat(s.image().specOf(before.get(0)).command()).containsExactly("v1");
  }

  @Test
  void aCountChangeAloneScalesAtOnceWithoutADeployment() {
    RollingState s = runningV1(ONE_AT_A_TIME);
    s.apply(step(s.deployment(), List.of(), List.of(), List.of("t-0", "t-1", "t-2"), true));
    Deployment first = s.deployment();
    s.update(web(5, "v1", ONE_AT_A_TIME, false), T0 + 1000);

    assertThat(s.live()).hasSize(5);
    assertThat(s.deployment()).isEqualTo(first);
  }

  @Test
  void aCountChangeDuringADeploymentCarriesItOverKeepingTheTasksOfItsSpec() {
    RollingState s = runningV1(ONE_AT_A_TIME);
    s.update(web(5, "v1", ONE_AT_A_TIME, false), T0 + 1000);

    assertThat(s.live()).hasSize(5);
    Deployment now = s.deployment();
    assertThat(now.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(now.group("api").desired()).isEqualTo(5);
    assertThat(now.group("api").keep()).hasSize(5);
  }

  @Test
  void aStepStopsAndCreatesOnceAndItsReplayIsRefusedWithoutWrites() {
    RollingState s = runningV1(null);
    s.update(web(3, "v2", ONE_AT_A_TIME, false), T0 + 1000);
    Deployment d = s.deployment();
    StepDeployment first = step(d, List.of("t-0"), List.of(new StepDeployment.Create("n-0", "api", 0)), List.of(), false);

    assertThat(s.apply(first)).isInstanceOf(CommandResult.Deployed.class);
    assertThat(s.image().tasks().get("t-0").state()).isEqualTo(TaskState.STOPPED);
    assertThat(s.image().tasks().get("t-0").reason()).contains("replaced by deployment " + d.id(), "job version 2");
    Task created = s.image().tasks().get("n-0");
    assertThat(created.createdFromVersion()).isEqualTo(2);
    assertThat(created.index()).isZero();
    assertThat(s.deployment().group("api").placed()).containsExactly("n-0");
    assertThat(s.deployment().steps()).isEqualTo(1);

    // The same decision again (a new leader that decided on the state before it applied).
    Applier.Applied replay = Applier.apply(s.image(), new StepDeployment(JOB, d.id(), 0, List.of("t-1"),
        List.of(new StepDeployment.Create("n-9", "api", 0)), List.of(), false, T0 + 6000), s.index() + 1);
    assertThat(replay.result()).isInstanceOf(CommandResult.Rejected.class);
    assertThat(((CommandResult.Rejected) replay.result()).code()).isEqualTo(ErrorCode.CONFLICT.wire());
    assertThat(((CommandResult.Rejected) replay.result()).message()).contains("moved on");
    assertThat(replay.mutations().writes()).isEmpty();
  }

  @Test
  void onlyATaskTheDeploymentPlacedCanCountHealthyAndTheLastStepFinishesIt() {
    RollingState s = runningV1(null);
    s.update(web(1, "v2", ONE_AT_A_TIME, false), T0 + 1000);
    Deployment d = s.deployment();
    s.apply(step(d, List.of("t-0", "t-1", "t-2"), List.of(new StepDeployment.Create("n-0", "api", 0)), List.of(), false));

    CommandResult foreign = s.apply(step(s.deployment(), List.of(), List.of(), List.of("t-1"), true));
    assertThat(foreign).isInstanceOf(CommandResult.Rejected.class);
    assertThat(((CommandResult.Rejected) foreign).message()).contains("t-1", "not placed by deployment");

    s.runAll(null, T0 + 6000);
    s.apply(step(s.deployment(), List.of(), List.of(), List.of("n-0"), true));
    Deployment done = s.deployment();
    assertThat(done.status()).isEqualTo(DeploymentStatus.SUCCESSFUL);
    assertThat(done.group("api").healthy()).containsExactly("n-0");
    assertThat(s.live()).extracting(Task::id).containsExactly("n-0");
  }

  @Test
  void aFailureWithRevertMakesTheLastGoodVersionAgainInTheSameEntryAndKeepsItsTasks() {
    RollingState s = runningV1(null);
    s.update(web(3, "v2", ONE_AT_A_TIME, false), T0 + 1000);
    Deployment d = s.deployment();
    s.apply(step(d, List.of("t-0"), List.of(new StepDeployment.Create("n-0", "api", 0)), List.of(), false));
    s.report("n-0", TaskState.FAILED, "exited with code 1", null, T0 + 7000);

    CommandResult r = s.apply(new FailDeployment(JOB, d.id(), 1, "api", "n-0", "task n-0 (api[0]) failed", 1, List.of(), T0 + 8000));
    assertThat(r).isInstanceOf(CommandResult.Deployed.class);
    Job job = s.image().jobs().get(JOB);
    assertThat(job.jobVersion()).isEqualTo(3);
    assertThat(job.spec().tasks().get(0).command()).containsExactly("v1");
    assertThat(job.history().get(job.history().size() - 1).note()).contains("revert to version 1", d.id());
    Deployment failed = job.deployments().get(job.deployments().size() - 2);
    assertThat(failed.status()).isEqualTo(DeploymentStatus.REVERTED);
    assertThat(failed.failedTask()).isEqualTo("n-0");
    assertThat(failed.revertedTo()).isEqualTo(1);
    assertThat(failed.group("api").unhealthy()).containsExactly("n-0");
    Deployment revert = s.deployment();
    assertThat(revert.kind()).isEqualTo("revert");
    assertThat(revert.status()).isEqualTo(DeploymentStatus.RUNNING);
    // The version-1 tasks still running are of the spec reverted to: kept, not replaced.
    assertThat(revert.group("api").keep()).containsExactlyInAnyOrder("t-1", "t-2");

    // Failing the same deployment again is refused: it already ended.
    CommandResult again = s.apply(new FailDeployment(JOB, d.id(), 1, "api", "n-0", "again", 1, List.of(), T0 + 9000));
    assertThat(again).isInstanceOf(CommandResult.Rejected.class);
    assertThat(s.image().jobs().get(JOB).jobVersion()).isEqualTo(3);
  }

  @Test
  void aNewVersionSupersedesARunningDeploymentAndKeepsWhatItPlacedOfTheNewSpec() {
    RollingState s = runningV1(null);
    s.update(web(3, "v2", ONE_AT_A_TIME, false), T0 + 1000);
    Deployment d = s.deployment();
    s.apply(step(d, List.of("t-0"), List.of(new StepDeployment.Create("n-0", "api", 0)), List.of(), false));
    s.update(web(3, "v2", policy(2, 1, 30, true, UpdatePolicy.STOP_FIRST), false), T0 + 2000);

    Job job = s.image().jobs().get(JOB);
    assertThat(job.deployments().get(0).status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(job.deployments().get(0).reason()).contains("superseded by job version 3");
    assertThat(s.deployment().group("api").keep()).containsExactly("n-0");
    assertThat(s.deployment().group("api").policy().maxParallel()).isEqualTo(2);
  }

  @Test
  void aRestartReplacesEveryTaskAndIsRefusedWhileADeploymentRuns() {
    RollingState s = runningV1(ONE_AT_A_TIME);
    assertThat(s.deployment().kind()).isEqualTo("submit");
    assertThat(s.deployment().group("api").placed()).containsExactly("t-0", "t-1", "t-2");
    CommandResult busy = s.apply(new RestartJob(JOB, null, T0 + 100));
    assertThat(busy).isInstanceOf(CommandResult.Rejected.class);
    assertThat(((CommandResult.Rejected) busy).message()).contains("deployment running");

    s.apply(step(s.deployment(), List.of(), List.of(), List.of("t-0", "t-1", "t-2"), true));
    CommandResult r = s.apply(new RestartJob(JOB, "api", T0 + 200));
    assertThat(r).isInstanceOf(CommandResult.Deployed.class);
    Deployment restart = s.deployment();
    assertThat(restart.kind()).isEqualTo("restart");
    assertThat(restart.fromVersion()).isEqualTo(restart.toVersion());
    assertThat(restart.group("api").keep()).isEmpty();

    CommandResult unknown = s.apply(new RestartJob(JOB, "nope", T0 + 300));
    assertThat(unknown).isInstanceOf(CommandResult.Rejected.class);
  }

  @Test
  void aRestartRetriedWithItsKeyIsAnsweredWithTheFirstDeploymentAndADifferentOneIsStillRefused() {
    RollingState s = runningV1(ONE_AT_A_TIME);
    s.apply(step(s.deployment(), List.of(), List.of(), List.of("t-0", "t-1", "t-2"), true));
    CommandResult first = s.apply(new RestartJob(JOB, "api", T0 + 200, "restart-key-1"));
    assertThat(first).isInstanceOf(CommandResult.Deployed.class);
    Deployment started = s.deployment();
    assertThat(started.key()).isEqualTo("restart-key-1");
    int kept = s.image().jobs().get(JOB).deployments().size();

    // The same request again (its answer lost) while the deployment runs: the same answer, nothing new.
    CommandResult retry = s.apply(new RestartJob(JOB, "api", T0 + 900, "restart-key-1"));
    assertThat(retry).isEqualTo(first);
    assertThat(s.deployment()).isEqualTo(started);
    assertThat(s.image().jobs().get(JOB).deployments()).hasSize(kept);

    CommandResult other = s.apply(new RestartJob(JOB, "api", T0 + 901, "restart-key-2"));
    assertThat(((CommandResult.Rejected) other).message()).contains("deployment running");
    CommandResult keyless = s.apply(new RestartJob(JOB, "api", T0 + 902));
    assertThat(((CommandResult.Rejected) keyless).message()).contains("deployment running");

    // A key outlives its deployment's end: a late retry does not start a second restart.
    s.apply(step(s.deployment(), List.of(), List.of(), List.of(), true));
    assertThat(s.deployment().status()).isNotEqualTo(DeploymentStatus.RUNNING);
    assertThat(s.apply(new RestartJob(JOB, "api", T0 + 2000, "restart-key-1"))).isEqualTo(first);
    assertThat(s.image().jobs().get(JOB).deployments()).hasSize(kept);
    assertThat(Json.read(Json.bytes(s.image().jobs().get(JOB)), Job.class)).isEqualTo(s.image().jobs().get(JOB));
  }

  @Test
  void aLevelThreeClusterRefusesTheNewEntriesAndUpdateBlocksNamingLevelFour() {
    RollingState s = new RollingState(3);
    CommandResult r = s.submit(web(3, "v1", ONE_AT_A_TIME, false));
    assertThat(r).isInstanceOf(CommandResult.Rejected.class);
    assertThat(((CommandResult.Rejected) r).message()).contains("job field update", "feature level 4", "the cluster is at 3");
    CommandResult restart = s.apply(new RestartJob(JOB, null, T0));
    assertThat(((CommandResult.Rejected) restart).message()).contains("job.restart", "feature level 4");
  }

  @Test
  void aJobWithoutDeploymentsEncodesAsBeforeAndOneWithThemRoundTrips() {
    RollingState plain = runningV1(null);
    Job j = plain.image().jobs().get(JOB);
    assertThat(new String(Json.bytes(j), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("deployments", "update");

    RollingState rolled = runningV1(ONE_AT_A_TIME);
    Job withDeployment = rolled.image().jobs().get(JOB);
    assertThat(Json.read(Json.bytes(withDeployment), Job.class)).isEqualTo(withDeployment);
  }
}
