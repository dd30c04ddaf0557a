package io.orchestrate.manager.leader;

import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.Allow;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.ClusterSnapshot;
import io.orchestrate.scheduler.TaskRequest;

/** The scheduler's inputs built from an image, the same for the scheduling loop and for a plan's dry run. */
public final class PlacementInputs {
  private PlacementInputs() {}

  /** The nodes as the scheduler sees them in {@code s}: capacity, allocation, labels, tasks per job. */
  public static ClusterSnapshot cluster(StateImage s) {
    return SchedulingLoop.snapshot(s);
  }

  /** What placing {@code t} of group {@code spec} asks of a node: resources, allowed modes, the group's constraints. */
  public static TaskRequest request(Task t, TaskSpec spec) {
    TaskRequest r = TaskRequest.of(t.id(), t.jobId(), t.group(), spec.resources()).withRequires(Allow.requiredBy(spec));
    if (!spec.constraints().isEmpty()) r = r.withRules(spec.constraints());
    return spec.distinct() ? r.withDistinctNodes(true) : r;
  }
}
