package io.orchestrate.manager.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.MarkNodeDown;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.ReportTasks;
import io.orchestrate.core.command.SetPendingReasons;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Apply rules for nodes, placements and worker reports, on the pure applier. */
class PlacementApplierTest {
  StateImage s = StateImage.EMPTY;
  long index;

  Applier.Applied apply(io.orchestrate.core.command.Command c) {
    Applier.Applied a = Applier.apply(s, c, ++index);
    s = a.image();
    return a;
  }

  @BeforeEach
  void cluster() {
    apply(new RegisterNode("n1", "h1", Resources.of(1, 300, 1000), Map.of(), "process", 1));
    apply(new RegisterNode("n2", "h2", Resources.of(4, 4096, 1000), Map.of(), "process", 1));
    TaskSpec spec = new TaskSpec("api", "img", List.of(), Map.of(), 3, Resources.of(0.5, 128, 0), null);
    apply(new SubmitJob("j1", null, new JobSpec("web", List.of(spec)), List.of("t1", "t2", "t3"), 2));
  }

  Task task(String id) {
    return s.tasks().get(id);
  }

  @Test
  void placementsThatStillFitAreAcceptedAndGetTheirIndexAsGeneration() {
    Applier.Applied a = apply(new PlaceTasks(List.of(
        new PlaceTasks.Placement("t1", "n1", task("t1").version()),
        new PlaceTasks.Placement("t2", "n1", task("t2").version())), 5));
    assertThat(((CommandResult.Placed) a.result()).accepted()).isEqualTo(2);
    assertThat(task("t1").state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(task("t1").node()).isEqualTo("n1");
    assertThat(task("t1").generation()).isEqualTo(index);
    assertThat(s.allocatedOn("n1")).isEqualTo(Resources.of(1.0, 256, 0));
    assertThat(s.pending()).containsExactly("t3");
  }

  @Test
  void aPlacementThatNoLongerFitsIsRejectedAndTheTaskStaysPending() {
    // n1 has 1 cpu and 300 MB: the third 0.5-cpu, 128 MB task cannot fit.
    Applier.Applied a = apply(new PlaceTasks(List.of(
        new PlaceTasks.Placement("t1", "n1", task("t1").version()),
        new PlaceTasks.Placement("t2", "n1", task("t2").version()),
        new PlaceTasks.Placement("t3", "n1", task("t3").version())), 5));
    CommandResult.Placed r = (CommandResult.Placed) a.result();
    assertThat(r.accepted()).isEqualTo(2);
    assertThat(r.rejected()).containsOnlyKeys("t3");
    assertThat(r.rejected().get("t3")).contains("no longer has room");
    assertThat(task("t3").state()).isEqualTo(TaskState.PENDING);
  }

  @Test
  void staleVersionsDownNodesAndStoppedJobsAreRejected() {
    long v = task("t1").version();
    apply(new SetPendingReasons(Map.of("t1", "no room")));
    apply(new MarkNodeDown("n2", "test", 6));
    Applier.Applied a = apply(new PlaceTasks(List.of(
        new PlaceTasks.Placement("t1", "n1", v),
        new PlaceTasks.Placement("t2", "n2", task("t2").version()),
        new PlaceTasks.Placement("nope", "n1", 0)), 7));
    CommandResult.Placed r = (CommandResult.Placed) a.result();
    assertThat(r.accepted()).isZero();
    assertThat(r.rejected().get("t1")).contains("changed since the plan");
    assertThat(r.rejected().get("t2")).contains("not ready");
    assertThat(r.rejected().get("nope")).contains("no longer exists");

    apply(new StopJob("j1", 8));
    Applier.Applied b = apply(new PlaceTasks(List.of(new PlaceTasks.Placement("t3", "n1", task("t3").version())), 9));
    assertThat(((CommandResult.Placed) b.result()).accepted()).isZero();
    assertThat(a.mutations().writes()).isEmpty();
  }

  @Test
  void reportsCountOnlyFromThePlacedNodeAtThePlacedGeneration() {
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement("t1", "n1", task("t1").version())), 5));
    long gen = task("t1").generation();
    apply(new ReportTasks(List.of(new ReportTasks.Report("n2", "t1", gen, TaskState.FAILED, 0, "x", 1, "wrong node", 6))));
    apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen + 1, TaskState.FAILED, 0, "x", 1, "old copy", 6))));
    assertThat(task("t1").state()).isEqualTo(TaskState.SCHEDULED);

    apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen, TaskState.RUNNING, 0, "c1", null, null, 7))));
    assertThat(task("t1").state()).isEqualTo(TaskState.RUNNING);
    assertThat(task("t1").containerId()).isEqualTo("c1");
    apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen, TaskState.RUNNING, 2, "c1", null, "restarted", 8))));
    assertThat(task("t1").restarts()).isEqualTo(2);

    // A repeated identical report writes nothing.
    Applier.Applied same = apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen, TaskState.RUNNING, 2, "c1", null, "restarted", 9))));
    assertThat(same.mutations().writes()).isEmpty();

    apply(new StopJob("j1", 10));
    apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen, TaskState.RUNNING, 3, "c1", null, null, 11))));
    assertThat(task("t1").state()).as("a terminal task is not brought back by a late report").isEqualTo(TaskState.STOPPED);
  }

  @Test
  void aChangeOfHealthAloneIsRecordedAndShownAndARepeatIsNot() {
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement("t1", "n1", task("t1").version())), 5));
    long gen = task("t1").generation();
    apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen, TaskState.RUNNING, 0, "c1", null, null, 7, "starting"))));
    assertThat(task("t1").health()).isEqualTo("starting");

    Applier.Applied healthy = apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen, TaskState.RUNNING, 0, "c1", null, null, 8,
        "healthy"))));
    assertThat(healthy.mutations().writes()).as("health alone is a change").isNotEmpty();
    assertThat(task("t1").health()).isEqualTo("healthy");
    assertThat(io.orchestrate.manager.service.Views.task(StateImage.EMPTY, task("t1")).health()).isEqualTo("healthy");

    Applier.Applied again = apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen, TaskState.RUNNING, 0, "c1", null, null, 9,
        "healthy"))));
    assertThat(again.mutations().writes()).isEmpty();

    apply(new ReportTasks(List.of(new ReportTasks.Report("n1", "t1", gen, TaskState.FAILED, 3, "c1", null, "unhealthy: connection refused", 10,
        "unhealthy"))));
    assertThat(task("t1").state()).isEqualTo(TaskState.FAILED);
    assertThat(task("t1").health()).isEqualTo("unhealthy");
    assertThat(task("t1").reason()).isEqualTo("unhealthy: connection refused");
  }

  @Test
  void aTaskTheManagersDeclareLostForgetsItsLastHealth() {
    apply(new PlaceTasks(List.of(new PlaceTasks.Placement("t1", "n2", task("t1").version())), 5));
    long gen = task("t1").generation();
    apply(new ReportTasks(List.of(new ReportTasks.Report("n2", "t1", gen, TaskState.RUNNING, 0, "c1", null, null, 7, "healthy"))));
    apply(new MarkNodeDown("n2", "no heartbeat for 6 s", 8));
    assertThat(task("t1").state()).isEqualTo(TaskState.LOST);
    assertThat(task("t1").health()).isNull();
  }

  @Test
  void nodeDownMakesItsPlacedTasksLostAndFreesItsResources() {
    apply(new PlaceTasks(List.of(
        new PlaceTasks.Placement("t1", "n2", task("t1").version()),
        new PlaceTasks.Placement("t2", "n2", task("t2").version())), 5));
    apply(new MarkNodeDown("n2", "no heartbeat for 6 s", 6));
    assertThat(s.nodes().get("n2").state()).isEqualTo(NodeState.DOWN);
    assertThat(task("t1").state()).isEqualTo(TaskState.LOST);
    assertThat(task("t1").reason()).contains("n2 is down");
    assertThat(task("t3").state()).isEqualTo(TaskState.PENDING);
    assertThat(s.allocatedOn("n2")).isEqualTo(Resources.of(0, 0, 0));

    // The node comes back: READY again, with nothing on it.
    apply(new RegisterNode("n2", "h2", Resources.of(4, 4096, 1000), Map.of(), "process", 7));
    assertThat(s.nodes().get("n2").state()).isEqualTo(NodeState.READY);
    assertThat(s.tasksOnNode("n2")).isEmpty();
  }

  @Test
  void pendingReasonsAreKeptOnlyForPendingTasksAndOnlyWhenChanged() {
    apply(new SetPendingReasons(Map.of("t1", "no ready node has 4096 MB free memory; best has 2048 MB")));
    assertThat(task("t1").reason()).startsWith("no ready node");
    Applier.Applied again = apply(new SetPendingReasons(Map.of("t1", "no ready node has 4096 MB free memory; best has 2048 MB")));
    assertThat(again.mutations().writes()).isEmpty();
  }
}
