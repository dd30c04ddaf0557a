package io.orchestrate.scheduler;

import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.spec.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small hand-built clusters and task lists for example-based tests. */
final class Fixtures {
  private Fixtures() {}

  static NodeView node(String id, double cpu, long mem) {
    return NodeView.ready(id, Resources.of(cpu, mem, 10_000), Map.of());
  }

  static NodeView node(String id, double cpu, long mem, Map<String, String> labels) {
    return NodeView.ready(id, Resources.of(cpu, mem, 10_000), labels);
  }

  static NodeView used(String id, double cpu, long mem, double usedCpu, long usedMem) {
    return new NodeView(id, NodeState.READY, Resources.of(cpu, mem, 10_000), Resources.of(usedCpu, usedMem, 0), Map.of(), 0);
  }

  static NodeView inState(String id, NodeState state, Map<String, String> labels) {
    return new NodeView(id, state, Resources.of(8, 8192, 10_000), null, labels, 0);
  }

  static TaskRequest task(String id, String job, double cpu, long mem) {
    return TaskRequest.of(id, job, "web", Resources.of(cpu, mem, 0));
  }

  /** {@code count} identical tasks {@code job-0 .. job-(count-1)}. */
  static List<TaskRequest> tasks(String job, int count, double cpu, long mem) {
    List<TaskRequest> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(task(job + "-" + i, job, cpu, mem));
    return out;
  }

  static List<String> nodesInOrder(Plan plan) {
    return plan.placements().stream().map(Placement::nodeId).toList();
  }
}
