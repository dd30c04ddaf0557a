package io.orchestrate.scheduler;

import static io.orchestrate.scheduler.Fixtures.node;
import static io.orchestrate.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.spec.Resources;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input fails before planning with a message that names the field. */
class InputValidationTest {

  @Test
  void duplicateNodeIdsNameBothPositions() {
    assertThatThrownBy(() -> ClusterSnapshot.of(node("a", 1, 1), node("b", 1, 1), node("a", 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nodes[2].id \"a\" duplicates nodes[0]");
  }

  @Test
  void duplicateTaskIdsNameBothPositions() {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 8, 8192));
    List<TaskRequest> tasks = List.of(task("t1", "j", 1, 1), task("t2", "j", 1, 1), task("t1", "k", 1, 1));
    assertThatThrownBy(() -> Schedulers.defaultAlgorithm().plan(cluster, tasks, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tasks[2].taskId \"t1\" duplicates tasks[0]");
  }

  @Test
  void aNullTaskIsNamedByPosition() {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 8, 8192));
    assertThatThrownBy(() -> Schedulers.defaultAlgorithm().plan(cluster, Arrays.asList(task("t", "j", 1, 1), null), 0))
        .hasMessage("tasks[1] must not be null");
  }

  @Test
  void negativeOrNonFiniteResourcesAreRejected() {
    assertThatThrownBy(() -> TaskRequest.of("t", "j", "g", Resources.of(1, -5, 0)))
        .hasMessage("task t: resources.memoryMb must be >= 0, was -5");
    assertThatThrownBy(() -> TaskRequest.of("t", "j", "g", Resources.of(Double.NaN, 5, 0)))
        .hasMessage("task t: resources.cpu must be a finite number >= 0, was NaN");
    assertThatThrownBy(() -> NodeView.ready("n", Resources.of(1, 1, -1), Map.of()))
        .hasMessage("node n: capacity.diskMb must be >= 0, was -1");
  }

  @Test
  void blankIdsAreRejected() {
    assertThatThrownBy(() -> NodeView.ready(" ", Resources.of(1, 1, 1), Map.of())).hasMessage("node.id must not be blank");
    assertThatThrownBy(() -> TaskRequest.of("", "j", "g", Resources.defaults())).hasMessage("task.taskId must not be blank");
    assertThatThrownBy(() -> TaskRequest.of("t", null, "g", Resources.defaults())).hasMessage("task t: jobId must not be blank");
  }

  @Test
  void nullLabelValuesAreRejectedButNullMapsMeanNone() {
    Map<String, String> bad = new HashMap<>();
    bad.put("zone", null);
    assertThatThrownBy(() -> TaskRequest.of("t", "j", "g", Resources.defaults()).withConstraints(bad))
        .hasMessage("task t: constraints must not hold null keys or values");
    assertThat(TaskRequest.of("t", "j", "g", Resources.defaults()).withConstraints(null).constraints()).isEmpty();
  }

  @Test
  void inputCollectionsAreCopiedSoLaterChangesDoNotLeakIn() {
    Map<String, String> labels = new HashMap<>(Map.of("zone", "a"));
    NodeView n = NodeView.ready("n", Resources.of(1, 1, 1), labels);
    labels.put("zone", "b");
    assertThat(n.labels()).containsEntry("zone", "a");
  }
}
