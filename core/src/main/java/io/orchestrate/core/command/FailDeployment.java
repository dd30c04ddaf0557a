package io.orchestrate.core.command;

import java.util.List;

/**
 * A running deployment failed: {@code taskId} of {@code group} did not become healthy in time (or
 * ended). With {@code revertTo} above 0 the same entry makes a new job version with the spec of
 * version {@code revertTo} and starts its deployment, so a failover between the failure and the
 * revert cannot leave the job at the failed version. {@code taskIds} are for the slots the revert
 * creates at once (groups that are added or scaled up by it); the rolled groups get theirs step by step.
 */
public record FailDeployment(String jobId, String deploymentId, int expectedSteps, String group, String taskId, String reason, int revertTo,
    List<String> taskIds, long atMillis) implements Command {
  public FailDeployment {
    taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
  }

  @Override
  public CommandType type() {
    return CommandType.FAIL_DEPLOYMENT;
  }
}
