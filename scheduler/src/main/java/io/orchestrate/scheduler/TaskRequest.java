package io.orchestrate.scheduler;

import io.orchestrate.core.spec.PlacementConstraint;
import java.util.List;

import io.orchestrate.core.spec.Resources;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One pending task to place.
 *
 * @param group         the task spec inside the job this instance comes from (for the caller's use)
 * @param constraints   label equality constraints: the node must carry every key with exactly this value
 * @param distinctNodes when true the task is only placed on a node that holds no task of the same
 *                      job at that moment, counting tasks already running there and tasks placed
 *                      earlier in the same plan. It constrains this task's placement only; set it on
 *                      every task of a job (as Nomad's job-level {@code distinct_hosts}) for no two
 *                      of the job's tasks to share a node.
 * @param requires      risky modes the task needs the node to allow (e.g. {@code host-network} for a
 *                      task on the host network); a node that does not allow every one is never chosen
 * @param rules         the job file's constraints ({@code label.rack != r1}, {@code in}, {@code regex},
 *                      {@code node.id}): a node must meet every one
 */
public record TaskRequest(
    String taskId,
    String jobId,
    String group,
    Resources resources,
    Map<String, String> constraints,
    boolean distinctNodes,
    Set<String> requires,
    List<PlacementConstraint> rules) {

  public TaskRequest {
    if (taskId == null || taskId.isBlank()) throw new IllegalArgumentException("task.taskId must not be blank");
    if (jobId == null || jobId.isBlank()) throw new IllegalArgumentException("task " + taskId + ": jobId must not be blank");
    Objects.requireNonNull(group, () -> "task " + taskId + ": group must not be null");
    Objects.requireNonNull(resources, () -> "task " + taskId + ": resources must not be null");
    Inputs.requireNonNegative(resources, "task " + taskId + ": resources");
    constraints = Inputs.copyLabels(constraints, "task " + taskId + ": constraints");
    requires = Inputs.copyNames(requires, "task " + taskId + ": requires");
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  /** A task without the job file's rules. */
  public TaskRequest(String taskId, String jobId, String group, Resources resources, Map<String, String> constraints, boolean distinctNodes,
      Set<String> requires) {
    this(taskId, jobId, group, resources, constraints, distinctNodes, requires, List.of());
  }

  /** A task that needs no risky mode. */
  public TaskRequest(String taskId, String jobId, String group, Resources resources, Map<String, String> constraints, boolean distinctNodes) {
    this(taskId, jobId, group, resources, constraints, distinctNodes, Set.of(), List.of());
  }

  /** A task with no constraints that may share nodes with its siblings. */
  public static TaskRequest of(String taskId, String jobId, String group, Resources resources) {
    return new TaskRequest(taskId, jobId, group, resources, Map.of(), false, Set.of(), List.of());
  }

  public TaskRequest withConstraints(Map<String, String> labels) {
    return new TaskRequest(taskId, jobId, group, resources, labels, distinctNodes, requires, rules);
  }

  public TaskRequest withDistinctNodes(boolean distinct) {
    return new TaskRequest(taskId, jobId, group, resources, constraints, distinct, requires, rules);
  }

  public TaskRequest withRequires(Set<String> modes) {
    return new TaskRequest(taskId, jobId, group, resources, constraints, distinctNodes, modes, rules);
  }

  public TaskRequest withRules(List<PlacementConstraint> next) {
    return new TaskRequest(taskId, jobId, group, resources, constraints, distinctNodes, requires, next);
  }
}
