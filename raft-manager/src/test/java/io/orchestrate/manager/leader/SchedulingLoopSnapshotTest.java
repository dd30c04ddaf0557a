package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.ClusterSnapshot;
import io.orchestrate.scheduler.NodeView;
import io.orchestrate.scheduler.Schedulers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's view of the cluster, built in one pass over each node's task ids, says what the
 * image's own per-node reads ({@code tasksOnNode}, {@code allocatedOn}) say: task counts, tasks per
 * job and resources held, node by node.
 */
class SchedulingLoopSnapshotTest {
  private static final long T0 = 1_700_000_000_000L;
  private StateImage state = StateImage.EMPTY;
  private long index;
  private final List<Command> proposed = new ArrayList<>();

  private void apply(Command c) {
    state = Applier.apply(state, c, ++index).image();
  }

  private CompletableFuture<CommandResult> propose(Command c) {
    proposed.add(c);
    return CompletableFuture.completedFuture(null);
  }

  private void submit(String job, List<TaskSpec> groups) {
    List<String> ids = new ArrayList<>();
    for (TaskSpec g : groups) for (int i = 0; i < g.count(); i++) ids.add("t-" + job + "-" + g.name() + "-" + i);
    apply(new SubmitJob(job, null, new JobSpec(job, groups), ids, T0));
  }

  private static TaskSpec group(String name, int count, double cpu, long mem, long disk) {
    return new TaskSpec(name, "local/busybox:1", List.of("sleep", "60"), Map.of(), count, Resources.of(cpu, mem, disk), null, null);
  }

  /** What the snapshot said before it was one pass: the image's reads, node by node. */
  private static NodeView reference(StateImage s, Node n) {
    Map<String, Integer> perJob = new HashMap<>();
    List<Task> on = s.tasksOnNode(n.id());
    for (Task t : on) perJob.merge(t.jobId(), 1, Integer::sum);
    return new NodeView(n.id(), n.state(), n.capacity(), s.allocatedOn(n.id()), n.labels(), on.size(), perJob, n.allows());
  }

  @Test
  void eachNodeHasTheTasksJobsAndResourcesTheImageGivesIt() {
    for (int i = 0; i < 7; i++) {
      apply(new RegisterNode("n" + i, "10.0.0." + i, Resources.of(4 + i, 4096, 10_000), Map.of(), "process", T0));
    }
    submit("j-a", List.of(group("web", 10, 0.3, 100, 5), group("db", 4, 1.1, 700, 200)));
    submit("j-b", List.of(group("api", 25, 0.1, 64, 0)));
    submit("j-c", List.of(group("big", 3, 2.5, 2000, 10)));
    SchedulingLoop loop = new SchedulingLoop(() -> state, Schedulers.byName("spread"), this::propose, () -> T0);
    loop.round();
    PlaceTasks place = (PlaceTasks) proposed.stream().filter(PlaceTasks.class::isInstance).findFirst().orElseThrow();
    apply(place);
    assertThat(state.tasks().size()).isEqualTo(42);
    int placed = 0;
    for (Node n : state.nodesInOrder()) placed += state.tasksOnNode(n.id()).size();
    assertThat(placed).as("tasks placed across the nodes").isGreaterThan(30);

    ClusterSnapshot snapshot = SchedulingLoop.snapshot(state);
    List<NodeView> expected = new ArrayList<>();
    for (Node n : state.nodesInOrder()) expected.add(reference(state, n));
    assertThat(snapshot.nodes()).isEqualTo(expected);
  }
}
