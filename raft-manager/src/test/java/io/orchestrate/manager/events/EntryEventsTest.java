package io.orchestrate.manager.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.orchestrate.core.api.EventView;
import io.orchestrate.core.command.CollectGarbage;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.MarkNodeDown;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.ReportTasks;
import io.orchestrate.core.command.RescheduleTasks;
import io.orchestrate.core.command.SetNodeDrain;
import io.orchestrate.core.command.SetPendingReasons;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobStatus;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The events each kind of command yields, derived from the state before and after and the entry's writes. */
class EntryEventsTest {
  private StateImage state = StateImage.EMPTY;
  private long index;

  /** Applies {@code c} as the next entry and returns its events. */
  private List<EventView> apply(Command c) {
    StateImage before = state;
    Applier.Applied a = Applier.apply(state, c, ++index);
    state = a.image();
    return EntryEvents.of(before, a.image(), a.mutations(), index, 0);
  }

  private long gen(String task) {
    return state.tasks().get(task).generation();
  }

  @BeforeEach
  void cluster() {
    apply(new RegisterNode("n1", "h1", Resources.of(4, 4096, 1000), Map.of(), "process", 1));
    apply(new RegisterNode("n2", "h2", Resources.of(4, 4096, 1000), Map.of(), "process", 1));
  }

  @Test
  void aNewVersionOfALiveJobIsAJobUpdatedEventAndAnUnchangedRecordNone() {
    TaskSpec api = new TaskSpec("api", "img", List.of(), Map.of(), 2, Resources.of(0.5, 128, 0), null);
    JobSpec v1 = new JobSpec("web", List.of(api));
    JobSpec v2 = new JobSpec("web", List.of(new TaskSpec("api", "img", List.of(), Map.of(), 3, Resources.of(0.5, 128, 0), null)));
    Job first = new Job("j1", "web", v1, JobStatus.RUNNING, 1, 0, null, 1);
    Job second = new Job("j1", "web", v2, JobStatus.RUNNING, 1, 0, null, 2, List.of(
        new io.orchestrate.core.model.JobVersion(1, v1, 1, List.of(), null, null),
        new io.orchestrate.core.model.JobVersion(2, v2, 5, List.of(), null, null)));

    EventView updated = EntryEvents.job(first, second, "j1");
    assertThat(updated).extracting(EventView::type, EventView::job, EventView::to, EventView::reason)
        .containsExactly("job.updated", "j1", "RUNNING", "version 1 to 2");
    assertThat(EntryEvents.job(second, second, "j1")).as("the same version: nothing to say").isNull();
  }

  @Test
  void aSubmissionYieldsTheJobThenEachTaskCreatedPendingNumberedFromZero() {
    TaskSpec spec = new TaskSpec("api", "img", List.of(), Map.of(), 2, Resources.of(0.5, 128, 0), null);
    List<EventView> e = apply(new SubmitJob("j1", "k", new JobSpec("web", List.of(spec)), List.of("t1", "t2"), 2));

    assertThat(e).extracting(EventView::index, EventView::pos, EventView::topic, EventView::type, EventView::job, EventView::task, EventView::to)
        .containsExactly(
            tuple(3L, 0, "jobs", "job.submitted", "j1", null, "RUNNING"),
            tuple(3L, 1, "tasks", "task.created", "j1", "t1", "PENDING"),
            tuple(3L, 2, "tasks", "task.created", "j1", "t2", "PENDING"));
  }

  @Test
  void placementsReportsAndAStopYieldTaskTransitionsWithNodesAndReasons() {
    submit();
    List<EventView> placed = apply(new PlaceTasks(List.of(new PlaceTasks.Placement("t1", "n1", state.tasks().get("t1").version())), 5));
    assertThat(placed).extracting(EventView::type, EventView::task, EventView::node, EventView::from, EventView::to)
        .containsExactly(tuple("task.scheduled", "t1", "n1", "PENDING", "SCHEDULED"));

    List<EventView> running = apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen("t1"), TaskState.RUNNING, 0, "c1", null, null, 6))));
    assertThat(running).extracting(EventView::type, EventView::from, EventView::to).containsExactly(tuple("task.running", "SCHEDULED", "RUNNING"));

    List<EventView> restarted = apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen("t1"), TaskState.RUNNING, 1, "c1", null, "exit 1", 7))));
    assertThat(restarted).extracting(EventView::type, EventView::reason).containsExactly(tuple("task.restarted", "exit 1"));

    // The same report again changes nothing a watcher sees: no event.
    assertThat(apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen("t1"), TaskState.RUNNING, 1, "c1", null, "exit 1", 8)))))
        .isEmpty();

    List<EventView> stopped = apply(new StopJob("j1", 9));
    assertThat(stopped).extracting(EventView::type, EventView::task, EventView::from, EventView::to)
        .contains(tuple("job.stopped", null, "RUNNING", "STOPPED"), tuple("task.stopped", "t1", "RUNNING", "STOPPED"));
    assertThat(stopped.get(0).type()).as("one entry's events are in the order apply wrote them").isIn("job.stopped", "task.stopped");
    assertThat(stopped).extracting(EventView::pos).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, stopped.size()).boxed().toList());
  }

  @Test
  void aFailedTaskCarriesItsReasonAndItsRescheduleCreatesAReplacement() {
    submit();
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement("t1", "n1", state.tasks().get("t1").version())), 5));
    List<EventView> failed = apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen("t1"), TaskState.FAILED, 3, "c1", 2, "exit code 2", 6))));
    assertThat(failed).extracting(EventView::type, EventView::reason, EventView::to).containsExactly(tuple("task.failed", "exit code 2", "FAILED"));

    // A LOST task (its node went down) gets a new attempt that says which task it replaces.
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement("t2", "n2", state.tasks().get("t2").version())), 7));
    apply(new MarkNodeDown("n2", "gone", 8));
    List<EventView> re = apply(new RescheduleTasks(List.of(new RescheduleTasks.Replacement("t2", "t2b", 0)), 9));
    assertThat(re).extracting(EventView::type, EventView::task, EventView::reason).containsExactly(tuple("task.created", "t2b", "replaces t2"));
  }

  @Test
  void nodeDownDrainUndrainAndReturnAreNodeEvents() {
    submit();
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement("t1", "n1", state.tasks().get("t1").version())), 5));
    List<EventView> down = apply(new MarkNodeDown("n1", "no heartbeat for 6s", 6));
    assertThat(down).extracting(EventView::topic, EventView::type, EventView::node, EventView::to, EventView::reason)
        .contains(tuple("nodes", "node.down", "n1", "DOWN", "no heartbeat for 6s"));
    assertThat(down).extracting(EventView::type, EventView::task).contains(tuple("task.lost", "t1"));

    assertThat(apply(new RegisterNode("n1", "h1", Resources.of(4, 4096, 1000), Map.of(), "process", 7)))
        .extracting(EventView::type, EventView::from, EventView::to).containsExactly(tuple("node.up", "DOWN", "READY"));
    assertThat(apply(new SetNodeDrain("n2", true, 8))).extracting(EventView::type, EventView::to).containsExactly(tuple("node.drain", "DRAINING"));
    assertThat(apply(new SetNodeDrain("n2", false, 9))).extracting(EventView::type, EventView::to).containsExactly(tuple("node.undrain", "READY"));
    // A heartbeat-style re-registration of a ready node changes nothing a watcher sees.
    assertThat(apply(new RegisterNode("n2", "h2", Resources.of(4, 4096, 1000), Map.of(), "process", 10))).isEmpty();
  }

  @Test
  void garbageCollectionYieldsCollectedJobTasksAndNodes() {
    submit();
    apply(new StopJob("j1", 5));
    apply(new MarkNodeDown("n2", "gone", 6));
    List<EventView> gc = apply(new CollectGarbage(List.of("j1"), List.of("n2"), 100, 100, 100));
    assertThat(gc).extracting(EventView::type).contains("job.collected", "task.collected", "node.collected");
    assertThat(gc).filteredOn(e -> e.type().equals("job.collected")).extracting(EventView::job).containsExactly("j1");
  }

  @Test
  void managersRegisteringAreClusterEventsAndBookkeepingYieldsNothing() {
    assertThat(apply(new RegisterManager(new ManagerInfo("m1", "h:1", "h:2", "h:3"))))
        .extracting(EventView::topic, EventView::type, EventView::manager, EventView::to)
        .containsExactly(tuple("cluster", "cluster.manager", "m1", "h:2"));
    assertThat(apply(new RegisterManager(new ManagerInfo("m1", "h:1", "h:2", "h:3")))).as("same addresses again").isEmpty();
    submit();
    assertThat(apply(new SetPendingReasons(Map.of("t1", "no room")))).as("a pending reason is not a transition").isEmpty();
  }

  @Test
  void aBatchEntryNumbersTheEventsOfAllItsCommandsInOrder() {
    submit();
    List<EventView> e = apply(new CommandBatch(List.of(new SetNodeDrain("n1", true, 5), new StopJob("j1", 5))));
    assertThat(e).extracting(EventView::pos).containsExactly(0, 1, 2, 3);
    assertThat(e.get(0).type()).isEqualTo("node.drain");
    assertThat(e).extracting(EventView::index).containsOnly(index);
  }

  @Test
  void theSameEntryYieldsTheSameEventsOnEveryReplay() {
    TaskSpec spec = new TaskSpec("api", "img", List.of(), Map.of(), 3, Resources.of(0.5, 128, 0), null);
    SubmitJob c = new SubmitJob("j9", null, new JobSpec("x", List.of(spec)), List.of("a", "b", "c"), 2);
    StateImage base = state;
    Applier.Applied one = Applier.apply(base, c, 50);
    Applier.Applied two = Applier.apply(base, c, 50);
    assertThat(EntryEvents.of(base, one.image(), one.mutations(), 50, 1))
        .isEqualTo(EntryEvents.of(base, two.image(), two.mutations(), 50, 1))
        .extracting(EventView::pos).containsExactly(1, 2, 3, 4);
  }

  private void submit() {
    TaskSpec spec = new TaskSpec("api", "img", List.of(), Map.of(), 2, Resources.of(0.5, 128, 0), null);
    apply(new SubmitJob("j1", null, new JobSpec("web", List.of(spec)), List.of("t1", "t2"), 2));
  }
}
