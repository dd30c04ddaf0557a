package io.orchestrate.manager.leader;

import static io.orchestrate.manager.state.RollingState.JOB;
import static io.orchestrate.manager.state.RollingState.T0;
import static io.orchestrate.manager.state.RollingState.policy;
import static io.orchestrate.manager.state.RollingState.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.FailDeployment;
import io.orchestrate.core.command.StepDeployment;
import io.orchestrate.core.model.DeploymentStatus;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.UpdatePolicy;
import io.orchestrate.manager.state.RollingState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The watcher's decisions on a fake clock: one slot at a time, health-gated, deadlines, revert, and a new leader continuing. */
class DeploymentWatcherTest {
  private final AtomicLong now = new AtomicLong(T0 + 1000);

  private DeploymentWatcher watcher(RollingState s) {
    return new DeploymentWatcher(s::image, c -> CompletableFuture.completedFuture(s.apply(c)), now::get, s::newId);
  }

  private static RollingState updating(UpdatePolicy p, boolean checked) {
    RollingState s = new RollingState(4);
    s.submit(web(3, "v1", null, checked));
    s.runAll(checked ? "healthy" : null, T0 + 10);
    s.update(web(3, "v2", p, checked), T0 + 1000);
    return s;
  }

  private static long liveOf(RollingState s, int version) {
    return s.live().stream().filter(t -> t.createdFromVersion() == version).count();
  }

  @Test
  void stopFirstReplacesOneSlotAtATimeAndCountsItOnlyAfterMinHealthy() {
    RollingState s = updating(policy(1, 2, 60, false, UpdatePolicy.STOP_FIRST), true);
    DeploymentWatcher w = watcher(s);

    List<Command> first = w.tick(Runnable::run);
    assertThat(first).singleElement().isInstanceOfSatisfying(StepDeployment.class, st -> {
      assertThat(st.creates()).extracting(StepDeployment.Create::index).containsExactly(0);
      assertThat(st.stops()).containsExactly("t-0");
    });
    assertThat(w.tick(Runnable::run)).as("nothing more while the new task is not counted").isEmpty();

    s.runAll("starting", now.get());
    assertThat(w.tick(Runnable::run)).isEmpty();
    s.runAll("healthy", now.get());
    assertThat(w.tick(Runnable::run)).as("healthy, but not for minHealthySeconds yet").isEmpty();
    now.addAndGet(2000);
    List<Command> next = w.tick(Runnable::run);
    assertThat(next).singleElement().isInstanceOfSatisfying(StepDeployment.class, st -> {
      assertThat(st.healthy()).hasSize(1);
      assertThat(st.creates()).extracting(StepDeployment.Create::index).containsExactly(1);
    });
    assertThat(liveOf(s, 1) + liveOf(s, 2)).isEqualTo(3);

    for (int round = 0; round < 10 && s.deployment().status() == DeploymentStatus.RUNNING; round++) {
      s.runAll("healthy", now.get());
      w.tick(Runnable::run);
      now.addAndGet(2000);
      w.tick(Runnable::run);
    }
    assertThat(s.deployment().status()).isEqualTo(DeploymentStatus.SUCCESSFUL);
    assertThat(liveOf(s, 2)).isEqualTo(3);
    assertThat(liveOf(s, 1)).isZero();
    // One new task per slot: nothing replaced twice.
    assertThat(s.image().tasksOf(JOB).stream().filter(t -> t.createdFromVersion() == 2).map(Task::index)).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void startFirstStartsTheNewCopyBeforeStoppingTheOld() {
    RollingState s = updating(policy(1, 0, 60, false, UpdatePolicy.START_FIRST), false);
    DeploymentWatcher w = watcher(s);

    List<Command> first = w.tick(Runnable::run);
    assertThat(first).singleElement().isInstanceOfSatisfying(StepDeployment.class, st -> assertThat(st.stops()).isEmpty());
    assertThat(s.live()).hasSize(4);
    s.runAll(null, now.get());
    List<Command> counted = w.tick(Runnable::run);
    assertThat(counted).singleElement().isInstanceOfSatisfying(StepDeployment.class, st -> assertThat(st.stops()).containsExactly("t-0"));
  }

  @Test
  void aTaskNotHealthyByTheDeadlineFailsTheDeploymentAndRevertsToTheLastGoodVersion() {
    RollingState s = updating(policy(1, 1, 5, true, UpdatePolicy.STOP_FIRST), true);
    DeploymentWatcher w = watcher(s);
    w.tick(Runnable::run);
    s.runAll("unhealthy", now.get());
    assertThat(w.tick(Runnable::run)).isEmpty();

    now.addAndGet(6000);
    List<Command> fail = w.tick(Runnable::run);
    assertThat(fail).singleElement().isInstanceOfSatisfying(FailDeployment.class, f -> {
      assertThat(f.revertTo()).isEqualTo(1);
      assertThat(f.reason()).contains(f.taskId(), "api[0]", "not healthy within 5s", "unhealthy");
    });
    var job = s.image().jobs().get(JOB);
    assertThat(job.jobVersion()).isEqualTo(3);
    assertThat(job.deployments().get(job.deployments().size() - 2).status()).isEqualTo(DeploymentStatus.REVERTED);

    // The revert replaces the failing copy and keeps the two of version 1.
    for (int round = 0; round < 10 && s.deployment().status() == DeploymentStatus.RUNNING; round++) {
      w.tick(Runnable::run);
      s.runAll("healthy", now.get());
      w.tick(Runnable::run);
      now.addAndGet(1500);
    }
    assertThat(s.deployment().status()).isEqualTo(DeploymentStatus.SUCCESSFUL);
    assertThat(s.live()).hasSize(3).allSatisfy(t -> assertThat(s.image().specOf(t).command()).containsExactly("v1"));
  }

  @Test
  void aPlacedTaskThatEndsFailsAtOnceNamingItsReason() {
    RollingState s = updating(policy(1, 1, 60, false, UpdatePolicy.STOP_FIRST), false);
    DeploymentWatcher w = watcher(s);
    StepDeployment st = (StepDeployment) w.tick(Runnable::run).get(0);
    s.runAll(null, now.get());
    s.report(st.creates().get(0).taskId(), TaskState.FAILED, "image local/nope:1 not found", null, now.get());

    assertThat(w.tick(Runnable::run)).singleElement().isInstanceOfSatisfying(FailDeployment.class, f -> {
      assertThat(f.revertTo()).isZero();
      assertThat(f.reason()).contains("failed", "image local/nope:1 not found");
    });
    assertThat(s.deployment().status()).isEqualTo(DeploymentStatus.FAILED);
  }

  @Test
  void aNewLeaderContinuesTheSameDeploymentWithoutReplacingASlotTwice() {
    RollingState s = updating(policy(1, 0, 60, false, UpdatePolicy.STOP_FIRST), false);
    watcher(s).tick(Runnable::run);
    String deployment = s.deployment().id();

    // The old leader's memory is gone; a fresh watcher decides from the state alone.
    DeploymentWatcher next = watcher(s);
    assertThat(next.tick(Runnable::run)).as("slot 0 already has its new task in flight").isEmpty();
    for (int round = 0; round < 10 && s.deployment().status() == DeploymentStatus.RUNNING; round++) {
      s.runAll(null, now.get());
      next.tick(Runnable::run);
      now.addAndGet(100);
    }
    assertThat(s.deployment().id()).isEqualTo(deployment);
    assertThat(s.deployment().status()).isEqualTo(DeploymentStatus.SUCCESSFUL);
    assertThat(s.image().tasksOf(JOB).stream().filter(t -> t.createdFromVersion() == 2).map(Task::index)).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void aStepDecidedOnAStateThatMovedIsRefusedAndDecidedAgain() {
    RollingState s = updating(policy(1, 0, 60, false, UpdatePolicy.STOP_FIRST), false);
    // Two leaders decide on the same state; only the first step applies.
    DeploymentWatcher a = new DeploymentWatcher(s::image, c -> new CompletableFuture<>(), now::get, s::newId);
    StepDeployment decided = (StepDeployment) a.tick(Runnable::run).get(0);
    watcher(s).tick(Runnable::run);
    assertThat(s.apply(decided)).isInstanceOf(io.orchestrate.core.command.CommandResult.Rejected.class);
    assertThat(s.image().tasksOf(JOB).stream().filter(t -> t.createdFromVersion() == 2)).hasSize(1);
  }
}
