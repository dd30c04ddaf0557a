package io.orchestrate.core.command;

import java.util.List;

/**
 * One step of a running deployment, decided by the leader's deployment watcher on the deployment
 * at {@code expectedSteps}: the old tasks that stop, the slots that get a new task (ids chosen by
 * the leader), the placed tasks that now count healthy, and whether the deployment is done. Apply
 * refuses it once the deployment moved past {@code expectedSteps} or ended, so a step decided by
 * a deposed leader, or decided twice, changes nothing.
 */
public record StepDeployment(String jobId, String deploymentId, int expectedSteps, List<String> stops, List<Create> creates,
    List<String> healthy, boolean finish, long atMillis) implements Command {
  public StepDeployment {
    stops = stops == null ? List.of() : List.copyOf(stops);
    creates = creates == null ? List.of() : List.copyOf(creates);
    healthy = healthy == null ? List.of() : List.copyOf(healthy);
  }

  /** A new task of the deployment's version in slot {@code index} of {@code group}. */
  public record Create(String taskId, String group, int index) {}

  @Override
  public CommandType type() {
    return CommandType.STEP_DEPLOYMENT;
  }
}
