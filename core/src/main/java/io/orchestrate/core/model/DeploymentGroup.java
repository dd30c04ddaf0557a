package io.orchestrate.core.model;

import io.orchestrate.core.spec.UpdatePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * One task group's progress in a deployment. The sets are of task ids, so that a step replayed or
 * decided twice cannot count a task twice: a task is placed by at most one step, and counted
 * healthy at most once.
 *
 * @param group     the group's name
 * @param desired   the group's count in the target version
 * @param policy    the update settings the deployment started with
 * @param keep      live tasks found already at the target spec when the deployment started (a
 *                  revert finds the previous version's tasks so): they are not replaced
 * @param placed    tasks this deployment created, in creation order
 * @param healthy   placed tasks counted healthy (healthy or RUNNING for minHealthySeconds)
 * @param unhealthy placed tasks that failed or missed their deadline
 */
public record DeploymentGroup(String group, int desired, UpdatePolicy policy, List<String> keep, List<String> placed, List<String> healthy,
    List<String> unhealthy) {
  public DeploymentGroup {
    keep = keep == null ? List.of() : List.copyOf(keep);
    placed = placed == null ? List.of() : List.copyOf(placed);
    healthy = healthy == null ? List.of() : List.copyOf(healthy);
    unhealthy = unhealthy == null ? List.of() : List.copyOf(unhealthy);
    if (policy == null) policy = UpdatePolicy.defaults();
  }

  public DeploymentGroup withPlaced(List<String> more) {
    return new DeploymentGroup(group, desired, policy, keep, concat(placed, more), healthy, unhealthy);
  }

  public DeploymentGroup withHealthy(List<String> more) {
    return new DeploymentGroup(group, desired, policy, keep, placed, concat(healthy, more), unhealthy);
  }

  public DeploymentGroup withUnhealthy(String id) {
    return new DeploymentGroup(group, desired, policy, keep, placed, healthy, concat(unhealthy, List.of(id)));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    for (String s : b) if (!out.contains(s)) out.add(s);
    return out;
  }
}
