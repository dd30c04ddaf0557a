package io.orchestrate.manager.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.CollectGarbage;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.MarkNodeDown;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.ReportTasks;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.ReschedulePolicy;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.store.Cf;
import io.orchestrate.manager.store.ManagerStore;
import io.orchestrate.manager.store.Mutations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection at apply: what an ended job or a long-DOWN node takes with it, what stays, and
 * that the deletes persist so that a store rebuilt from them agrees with the image.
 */
class GcApplierTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long HOUR = 3_600_000L;
  private static final long NONE = Long.MIN_VALUE;

  @TempDir Path dir;

  private StateImage s = StateImage.EMPTY;
  private long index;
  private final List<Command> log = new ArrayList<>();

  private Applier.Applied apply(Command c) {
    log.add(c);
    Applier.Applied a = Applier.apply(s, c, ++index);
    s = a.image();
    return a;
  }

  private static JobSpec spec(String name, int count, ReschedulePolicy reschedule) {
    return new JobSpec(name, List.of(new TaskSpec("api", "local/busybox:1", List.of("sleep", "60"), Map.of(), count,
        Resources.of(0.5, 64, 10), null, reschedule)));
  }

  private void submit(String job, String key, int count, ReschedulePolicy reschedule) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) ids.add(job + "-t" + i);
    apply(new SubmitJob(job, key, spec(job, count, reschedule), ids, T0));
  }

  private void place(String taskId, String node) {
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement(taskId, node, s.tasks().get(taskId).version())), T0 + 1));
  }

  private void report(String taskId, TaskState state, long at) {
    Task t = s.tasks().get(taskId);
    apply(new ReportTasks(List.of(new ReportTasks.Report(t.node(), taskId, t.generation(), state, 0, "c-" + taskId, null, null, at))));
  }

  /**
   * done: two tasks COMPLETED, the last at T0+10. stopped: stopped at T0+20 with its task PENDING.
   * running: one task RUNNING on n1. lost: its task LOST with n2 (DOWN at T0+30), attempts left.
   * spent: its task LOST with n2 and a policy with no attempts, so nothing replaces it.
   */
  @BeforeEach
  void cluster() {
    apply(new RegisterNode("n1", "h1", Resources.of(8, 8192, 10_000), Map.of(), "process", T0));
    apply(new RegisterNode("n2", "h2", Resources.of(8, 8192, 10_000), Map.of(), "process", T0));
    submit("done", "k-done", 2, null);
    submit("stopped", "k-stopped", 1, null);
    submit("running", "k-running", 1, null);
    submit("lost", null, 1, null);
    submit("spent", null, 1, new ReschedulePolicy(0, null, null, null));
    place("done-t1", "n1");
    place("done-t2", "n1");
    report("done-t1", TaskState.COMPLETED, T0 + 5);
    report("done-t2", TaskState.COMPLETED, T0 + 10);
    apply(new StopJob("stopped", T0 + 20));
    place("running-t1", "n1");
    report("running-t1", TaskState.RUNNING, T0 + 3);
    place("lost-t1", "n2");
    place("spent-t1", "n2");
    apply(new MarkNodeDown("n2", "no heartbeat", T0 + 30));
    assertThat(s.tasks().get("lost-t1").state()).isEqualTo(TaskState.LOST);
    assertThat(s.unreplaced()).contains("lost-t1", "spent-t1");
  }

  private record W(Cf cf, String key, boolean delete) {}

  private static List<W> writes(Mutations m) {
    List<W> out = new ArrayList<>();
    for (Mutations.Write w : m.writes()) out.add(new W(w.cf(), new String(w.key(), StandardCharsets.UTF_8), w.value() == null));
    return out;
  }

  @Test
  void endedJobsPastTheirRetentionGoWithEveryTaskAndTheirIdempotencyKeys() {
    Applier.Applied a = apply(new CollectGarbage(List.of("done", "stopped"), List.of(), T0 + HOUR, NONE, T0 + 2 * HOUR));

    assertThat(a.result()).isEqualTo(new CommandResult.Collected(List.of("done", "stopped"), List.of(), 3, 2));
    assertThat(s.jobs()).doesNotContainKeys("done", "stopped");
    assertThat(s.tasks()).doesNotContainKeys("done-t1", "done-t2", "stopped-t1");
    assertThat(s.jobTasks()).doesNotContainKeys("done", "stopped");
    assertThat(s.idempotency()).containsExactly(Map.entry("k-running", "running"));
    assertThat(s.findJob("done")).as("not even by name").isNull();
    // The listing's sorted index lets go of them too, or it would grow with every job ever run.
    assertThat(s.order().jobs()).hasSize(s.jobs().size());
    assertThat(s.order().tasks()).hasSize(s.tasks().size());
    // Every removal is a delete in this entry's batch: tasks first, then the key, then the job.
    assertThat(writes(a.mutations())).containsExactly(
        new W(Cf.TASKS, "done-t1", true), new W(Cf.TASKS, "done-t2", true), new W(Cf.IDEMPOTENCY, "k-done", true),
        new W(Cf.JOBS, "done", true),
        new W(Cf.TASKS, "stopped-t1", true), new W(Cf.IDEMPOTENCY, "k-stopped", true), new W(Cf.JOBS, "stopped", true));
  }

  @Test
  void aRunningJobStaysEvenWhenTheCommandNamesIt() {
    Applier.Applied a = apply(new CollectGarbage(List.of("running", "done"), List.of(), T0 + HOUR, NONE, T0 + 2 * HOUR));

    assertThat(((CommandResult.Collected) a.result()).jobIds()).containsExactly("done");
    assertThat(s.jobs()).containsKey("running");
    assertThat(s.tasks().get("running-t1").state()).isEqualTo(TaskState.RUNNING);
    assertThat(s.nodeTasks().get("n1")).containsExactly("running-t1");
    assertThat(s.idempotency()).containsEntry("k-running", "running");
    assertThat(writes(a.mutations())).extracting(W::key).doesNotContain("running", "running-t1", "k-running");
  }

  @Test
  void aJobThatEndedAfterTheCutoffStays() {
    // done's last task completed at T0+10: a cutoff one millisecond earlier keeps it, the exact time collects it.
    Applier.Applied early = apply(new CollectGarbage(List.of("done"), List.of(), T0 + 9, NONE, T0 + 9));
    assertThat(early.result()).isEqualTo(new CommandResult.Collected(List.of(), List.of(), 0, 0));
    assertThat(early.mutations().isEmpty()).isTrue();
    assertThat(s.jobs()).containsKey("done");

    apply(new CollectGarbage(List.of("done"), List.of(), T0 + 10, NONE, T0 + 10));
    assertThat(s.jobs()).doesNotContainKey("done");
  }

  @Test
  void aLostTaskThatWillGetANewAttemptKeepsItsJobAndOneWithNoAttemptsLeftDoesNot() {
    Applier.Applied a = apply(new CollectGarbage(List.of("lost", "spent"), List.of(), T0 + HOUR, NONE, T0 + 2 * HOUR));

    assertThat(((CommandResult.Collected) a.result()).jobIds()).containsExactly("spent");
    assertThat(s.jobs()).containsKey("lost").doesNotContainKey("spent");
    assertThat(s.unreplaced()).as("the rescheduler's index loses only the collected task").containsExactly("lost-t1");
  }

  @Test
  void aDownNodeWithNoTasksGoesAndAReadyNodeStays() {
    Applier.Applied a = apply(new CollectGarbage(List.of(), List.of("n1", "n2"), NONE, T0 + HOUR, T0 + 2 * HOUR));

    assertThat(a.result()).isEqualTo(new CommandResult.Collected(List.of(), List.of("n2"), 0, 0));
    assertThat(s.nodes()).containsOnlyKeys("n1");
    assertThat(writes(a.mutations())).containsExactly(new W(Cf.NODES, "n2", true));
    // Terminal tasks keep the removed node's id as history.
    assertThat(s.tasks().get("lost-t1").node()).isEqualTo("n2");
  }

  @Test
  void aDownNodeStaysUntilItsRetentionHasPassed() {
    apply(new CollectGarbage(List.of(), List.of("n2"), NONE, T0 + 29, T0 + 29));
    assertThat(s.nodes()).containsKey("n2");
  }

  @Test
  void aDownNodeThatATaskStillOccupiesStays() {
    // Not a state apply produces (a node going DOWN loses its tasks), but the rule must hold on its own.
    s = s.withNode(s.nodes().get("n1").withState(NodeState.DOWN, "test", T0 + 1, index));
    apply(new CollectGarbage(List.of(), List.of("n1"), NONE, T0 + HOUR, T0 + HOUR));
    assertThat(s.nodes()).containsKey("n1");
  }

  @Test
  void aNodeThatRegisteredAgainSinceTheLeaderLookedStays() {
    apply(new RegisterNode("n2", "h2", Resources.of(8, 8192, 10_000), Map.of(), "process", T0 + 50));
    Applier.Applied a = apply(new CollectGarbage(List.of(), List.of("n2"), NONE, T0 + HOUR, T0 + HOUR));
    assertThat(s.nodes().get("n2").state()).isEqualTo(NodeState.READY);
    assertThat(a.mutations().isEmpty()).isTrue();
  }

  @Test
  void namesThatAreGoneOrRepeatedAreSkipped() {
    Applier.Applied a = apply(new CollectGarbage(List.of("done", "done", "no-such-job"), List.of("no-such-node"), T0 + HOUR, T0 + HOUR,
        T0 + HOUR));
    assertThat(a.result()).isEqualTo(new CommandResult.Collected(List.of("done"), List.of(), 2, 1));
  }

  @Test
  void theDeletesPersistSoAStoreRebuiltFromThemAgreesWithTheImageAndWithAnotherReplica() throws Exception {
    apply(new CollectGarbage(List.of("done", "stopped", "spent", "running"), List.of("n2"), T0 + HOUR, T0 + HOUR, T0 + HOUR));
    assertThat(s.jobs()).containsOnlyKeys("running", "lost");

    ManagerStore.Digest[] digests = new ManagerStore.Digest[2];
    for (int replica = 0; replica < 2; replica++) {
      try (ManagerStore store = ManagerStore.open(dir.resolve("replica-" + replica))) {
        StateImage img = StateImage.EMPTY;
        long i = 0;
        for (Command c : log) {
          Applier.Applied a = Applier.apply(img, c, ++i);
          store.commit(a.mutations(), 1, i);
          img = a.image();
        }
        StateImage reloaded = StateImage.load(store);
        assertThat(reloaded.jobs()).isEqualTo(s.jobs());
        assertThat(reloaded.tasks()).isEqualTo(s.tasks());
        assertThat(reloaded.nodes()).isEqualTo(s.nodes());
        assertThat(reloaded.idempotency()).isEqualTo(s.idempotency());
        assertThat(reloaded.jobTasks()).isEqualTo(s.jobTasks());
        assertThat(reloaded.nodeTasks()).isEqualTo(s.nodeTasks());
        assertThat(reloaded.pending()).isEqualTo(s.pending());
        assertThat(reloaded.unreplaced()).isEqualTo(s.unreplaced());
        List<String> keys = new ArrayList<>();
        store.forEach(Cf.TASKS, (k, v) -> keys.add(k));
        assertThat(keys).containsExactlyInAnyOrder("running-t1", "lost-t1");
        digests[replica] = store.digest();
      }
    }
    assertThat(digests[0]).isEqualTo(digests[1]);
  }

  @Test
  void removingATaskTakesItOutOfEveryIndex() {
    submit("queued", null, 1, null);
    StateImage pendingGone = s.withoutTask("queued-t1");
    assertThat(pendingGone.pending()).doesNotContain("queued-t1");
    assertThat(pendingGone.jobTasks()).as("an emptied job entry goes too").doesNotContainKey("queued");

    StateImage placedGone = s.withoutTask("running-t1");
    assertThat(placedGone.nodeTasks()).doesNotContainKey("n1");
    assertThat(placedGone.capacityEpoch()).as("capacity was freed").isGreaterThan(s.capacityEpoch());
    assertThat(placedGone.allocatedOn("n1")).isEqualTo(Resources.of(0, 0, 0));

    StateImage unreplacedGone = s.withoutTask("lost-t1");
    assertThat(unreplacedGone.unreplaced()).doesNotContain("lost-t1");
    assertThat(s.withoutTask("no-such-task")).isSameAs(s);
  }
}
