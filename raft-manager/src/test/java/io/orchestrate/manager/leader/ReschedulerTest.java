package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.MarkNodeDown;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.RescheduleTasks;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.ReschedulePolicy;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.Schedulers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The job's reschedule policy as the leader applies it: each lost attempt is replaced after a delay
 * that doubles up to its cap, the scheduling loop holds the new attempt back until then, and once
 * the attempts are spent the slot stays LOST.
 */
class ReschedulerTest {
  private static final long T0 = 1_700_000_000_000L;

  private StateImage state = StateImage.EMPTY;
  private long index;
  private final AtomicLong now = new AtomicLong(T0);
  private final AtomicInteger ids = new AtomicInteger();
  private final List<Command> proposed = new ArrayList<>();

  private CompletableFuture<CommandResult> propose(Command c) {
    proposed.add(c);
    return new CompletableFuture<>();
  }

  private void apply(Command c) {
    state = Applier.apply(state, c, ++index).image();
  }

  private Rescheduler rescheduler() {
    return new Rescheduler(() -> state, this::propose, now::get, () -> "t-new-" + ids.incrementAndGet());
  }

  private SchedulingLoop scheduling() {
    return new SchedulingLoop(() -> state, Schedulers.byName("binpack"), this::propose, now::get);
  }

  private void submit(ReschedulePolicy policy) {
    TaskSpec spec = new TaskSpec("api", "local/busybox:1", List.of("sleep", "60"), Map.of(), 1, Resources.of(0.5, 64, 10), null, policy);
    apply(new SubmitJob("j-1", null, new JobSpec("web", List.of(spec)), List.of("t-0"), T0));
    for (String n : List.of("n1", "n2")) apply(new RegisterNode(n, "10.0.0.1", Resources.of(2, 1024, 1000), Map.of(), "process", T0));
  }

  /** The slot's current attempt: the one task of the job that no other replaces. */
  private Task current() {
    return state.tasksOf("j-1").stream().filter(t -> t.replacedBy() == null).findFirst().orElseThrow();
  }

  /** Places the current attempt on {@code node}, then loses that node. */
  private void placeAndLose(String node) {
    Task t = current();
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement(t.id(), node, t.version())), now.get()));
    apply(new MarkNodeDown(node, "no heartbeat", now.get()));
    apply(new RegisterNode(node, "10.0.0.1", Resources.of(2, 1024, 1000), Map.of(), "process", now.get())); // back for the next round
    assertThat(state.tasks().get(t.id()).state()).isEqualTo(TaskState.LOST);
  }

  private RescheduleTasks.Replacement oneReplacement() {
    assertThat(proposed).hasSize(1).first().isInstanceOf(RescheduleTasks.class);
    RescheduleTasks r = (RescheduleTasks) proposed.remove(0);
    assertThat(r.replacements()).hasSize(1);
    apply(r);
    return r.replacements().get(0);
  }

  @Test
  void eachLostAttemptWaitsTwiceAsLongUpToTheCapThenTheSlotStaysLost() {
    submit(new ReschedulePolicy(3, 2, 5, null));
    Rescheduler r = rescheduler();

    placeAndLose("n1");
    assertThat(r.round()).isNotNull();
    r.roundDone();
    assertThat(oneReplacement().notBeforeMillis()).isEqualTo(T0 + 2_000);
    assertThat(current().attempt()).isEqualTo(1);

    now.addAndGet(10_000);
    placeAndLose("n2");
    r.round();
    r.roundDone();
    assertThat(oneReplacement().notBeforeMillis()).as("doubled").isEqualTo(now.get() + 4_000);

    placeAndLose("n1");
    r.round();
    r.roundDone();
    assertThat(oneReplacement().notBeforeMillis()).as("doubled again, capped at 5 s").isEqualTo(now.get() + 5_000);
    assertThat(current().attempt()).isEqualTo(3);

    placeAndLose("n2");
    assertThat(r.round()).as("all 3 attempts spent").isNull();
    assertThat(proposed).isEmpty();
    assertThat(current().state()).isEqualTo(TaskState.LOST);
  }

  @Test
  void theSchedulingLoopHoldsANewAttemptBackUntilItsDelayHasPassed() {
    submit(new ReschedulePolicy(3, 2, 60, null));
    placeAndLose("n1");
    Rescheduler r = rescheduler();
    r.round();
    r.roundDone();
    oneReplacement();
    SchedulingLoop loop = scheduling();

    now.addAndGet(1_999);
    assertThat(loop.round()).as("still inside the 2 s delay").isNull();
    assertThat(proposed).noneMatch(PlaceTasks.class::isInstance);

    now.addAndGet(1);
    loop.roundDone();
    assertThat(loop.round()).isNotNull();
    assertThat(proposed).filteredOn(PlaceTasks.class::isInstance).singleElement()
        .satisfies(c -> assertThat(((PlaceTasks) c).placements()).extracting(PlaceTasks.Placement::taskId).containsExactly(current().id()));
  }

  @Test
  void aFailedTaskIsRescheduledOnlyWhenItsPolicyAsksForIt() {
    submit(new ReschedulePolicy(3, 0, 0, false));
    Task t = current();
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement(t.id(), "n1", t.version())), T0));
    apply(new io.orchestrate.core.command.ReportTasks(List.of(new io.orchestrate.core.command.ReportTasks.Report(
        "n1", t.id(), state.tasks().get(t.id()).generation(), TaskState.FAILED, 3, "c1", 1, "exited with code 1", T0, null))));
    assertThat(state.tasks().get(t.id()).state()).isEqualTo(TaskState.FAILED);
    assertThat(rescheduler().round()).as("failed: false").isNull();

    state = StateImage.EMPTY;
    index = 0;
    submit(new ReschedulePolicy(3, 0, 0, true));
    t = current();
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement(t.id(), "n1", t.version())), T0));
    apply(new io.orchestrate.core.command.ReportTasks(List.of(new io.orchestrate.core.command.ReportTasks.Report(
        "n1", t.id(), state.tasks().get(t.id()).generation(), TaskState.FAILED, 3, "c1", 1, "exited with code 1", T0, null))));
    assertThat(rescheduler().round()).as("failed: true").isNotNull();
    assertThat(oneReplacement().oldTaskId()).isEqualTo(t.id());
  }
}
