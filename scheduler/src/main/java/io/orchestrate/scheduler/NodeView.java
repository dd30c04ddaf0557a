package io.orchestrate.scheduler;

import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.spec.Resources;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One node as the scheduler sees it: an immutable snapshot taken from the manager's state image.
 * {@code allocated} may exceed {@code capacity} (capacity shrank after placement); such a node simply
 * has no room, it is not an input error.
 *
 * @param id            node id, unique within a {@link ClusterSnapshot}
 * @param capacity      what the node offers for tasks
 * @param allocated     the sum of the resources of the tasks already placed on it
 * @param labels        operator-set labels that task constraints match against
 * @param taskCount     tasks already placed on it (all jobs)
 * @param jobTaskCounts tasks already placed on it per job id; jobs not listed have none. Used by
 *                      {@code spread} and by distinct-node requests.
 * @param allows        the risky modes the node's operator allows ({@code io.orchestrate.core.spec.Allow});
 *                      a task that {@link TaskRequest#requires requires} one goes only to a node
 *                      that allows it
 */
public record NodeView(
    String id,
    NodeState state,
    Resources capacity,
    Resources allocated,
    Map<String, String> labels,
    int taskCount,
    Map<String, Integer> jobTaskCounts,
    Set<String> allows) {

  public NodeView {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("node.id must not be blank");
    Objects.requireNonNull(state, () -> "node " + id + ": state must not be null");
    Objects.requireNonNull(capacity, () -> "node " + id + ": capacity must not be null");
    allocated = allocated == null ? Resources.of(0, 0, 0) : allocated;
    Inputs.requireNonNegative(capacity, "node " + id + ": capacity");
    Inputs.requireNonNegative(allocated, "node " + id + ": allocated");
    labels = Inputs.copyLabels(labels, "node " + id + ": labels");
    if (taskCount < 0) throw new IllegalArgumentException("node " + id + ": taskCount must be >= 0, was " + taskCount);
    jobTaskCounts = Inputs.copyCounts(jobTaskCounts, "node " + id + ": jobTaskCounts");
    allows = Inputs.copyNames(allows, "node " + id + ": allows");
  }

  /** A node that allows no risky mode. */
  public NodeView(String id, NodeState state, Resources capacity, Resources allocated,
                  Map<String, String> labels, int taskCount, Map<String, Integer> jobTaskCounts) {
    this(id, state, capacity, allocated, labels, taskCount, jobTaskCounts, Set.of());
  }

  /** A node that knows only its total task count, not which jobs they belong to. */
  public NodeView(String id, NodeState state, Resources capacity, Resources allocated,
                  Map<String, String> labels, int taskCount) {
    this(id, state, capacity, allocated, labels, taskCount, Map.of(), Set.of());
  }

  /** An empty ready node. */
  public static NodeView ready(String id, Resources capacity, Map<String, String> labels) {
    return new NodeView(id, NodeState.READY, capacity, null, labels, 0, Map.of(), Set.of());
  }

  /** This node, allowing {@code modes}. */
  public NodeView withAllows(Set<String> modes) {
    return new NodeView(id, state, capacity, allocated, labels, taskCount, jobTaskCounts, modes);
  }

  public Resources free() {
    return capacity.minus(allocated);
  }
}
