package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.SetPendingReasons;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.service.Views;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.Schedulers;
import io.orchestrate.scheduler.Unplaced;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a scheduling round proposes, and what it leaves to the views, before and after nodes exist. */
class SchedulingLoopTest {
  private static final long T0 = 1_700_000_000_000L;

  private StateImage state = StateImage.EMPTY;
  private long index;
  private final AtomicLong now = new AtomicLong(T0);
  private final List<Command> proposed = new ArrayList<>();
  private final SchedulingLoop loop = new SchedulingLoop(() -> state, Schedulers.byName("epvm"), this::propose, now::get);

  private CompletableFuture<CommandResult> propose(Command c) {
    proposed.add(c);
    return CompletableFuture.completedFuture(null);
  }

  private void apply(Command c) {
    state = Applier.apply(state, c, ++index).image();
  }

  private void submit(String job, int count, double cpu) {
    TaskSpec spec = new TaskSpec("api", "local/busybox:1", List.of("sleep", "60"), Map.of(), count, Resources.of(cpu, 64, 10), null, null);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) ids.add("t-" + job + "-" + i);
    apply(new SubmitJob(job, null, new JobSpec(job, List.of(spec)), ids, now.get()));
  }

  private void round() {
    CompletableFuture<?> f = loop.round();
    if (f != null) loop.roundDone();
  }

  @Test
  void withoutNodesNothingIsProposedEvenLongAfterSubmission_andViewsGiveTheReason() {
    submit("j-1", 3, 0.5);
    round();
    now.addAndGet(SchedulingLoop.IDLE_SCAN_MILLIS * 5);
    round();
    assertThat(proposed).as("no plan and no replicated reasons while the cluster has no node").isEmpty();
    assertThat(state.tasksOf("j-1")).allSatisfy(t -> assertThat(t.reason()).isNull());
    assertThat(state.tasksOf("j-1")).allSatisfy(t -> {
      TaskView v = Views.task(state, t);
      assertThat(v.state()).isEqualTo("PENDING");
      assertThat(v.reason()).isEqualTo(Unplaced.NO_NODES);
    });
  }

  @Test
  void theFirstNodeToRegisterGetsTheBacklogPlaced_andTheDerivedReasonGoes() {
    submit("j-1", 3, 0.5);
    round();
    apply(new RegisterNode("n1", "10.0.0.1", Resources.of(2, 1024, 1000), Map.of(), "process", now.get()));
    assertThat(state.tasksOf("j-1")).allSatisfy(t -> assertThat(Views.task(state, t).reason()).isNull());
    round();
    assertThat(proposed).singleElement().isInstanceOfSatisfying(PlaceTasks.class,
        p -> assertThat(p.placements()).extracting(PlaceTasks.Placement::nodeId).containsExactly("n1", "n1", "n1"));
  }

  @Test
  void withNodesAnUnplaceableTaskStillGetsItsReasonReplicatedAfterTheGracePeriod() {
    apply(new RegisterNode("n1", "10.0.0.1", Resources.of(2, 1024, 1000), Map.of(), "process", now.get()));
    submit("j-big", 1, 64);
    round();
    assertThat(proposed).as("a task waiting under a second is only queued").isEmpty();
    now.addAndGet(SchedulingLoop.REASON_AFTER_MILLIS + SchedulingLoop.IDLE_SCAN_MILLIS);
    round();
    assertThat(proposed).singleElement().isInstanceOfSatisfying(SetPendingReasons.class,
        r -> assertThat(r.reasons()).containsOnlyKeys("t-j-big-0"));
  }
}
