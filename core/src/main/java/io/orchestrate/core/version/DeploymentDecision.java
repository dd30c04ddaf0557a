package io.orchestrate.core.version;

import java.util.List;

/**
 * What the deployment watcher decided for one running deployment on one tick: nothing yet, a step,
 * or a failure. Task ids of new tasks are not here: the leader draws them when it proposes.
 */
public sealed interface DeploymentDecision {
  /** Nothing to do until a task moves or time passes. */
  record Wait() implements DeploymentDecision {}

  /**
   * @param stops   old tasks to stop now
   * @param creates slots that get a new task
   * @param healthy placed tasks that count healthy from now
   * @param finish  true when this step completes the deployment
   */
  record Step(List<String> stops, List<Slot> creates, List<String> healthy, boolean finish) implements DeploymentDecision {
    public Step {
      stops = List.copyOf(stops);
      creates = List.copyOf(creates);
      healthy = List.copyOf(healthy);
    }
  }

  /** A slot of a group. */
  record Slot(String group, int index) {}

  /** @param taskId the first failing placed task; reason names it and why */
  record Fail(String group, String taskId, String reason) implements DeploymentDecision {}
}
