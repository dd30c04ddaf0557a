package io.orchestrate.gateway.protocol;

import io.orchestrate.core.model.TaskState;

/**
 * One task a worker holds, as {@link Register} reports it.
 *
 * @param generation  the placement generation the worker runs (see {@link DesiredTask#generation()})
 * @param state       RUNNING, or a terminal state the manager may not have heard of yet
 * @param containerId the driver's handle (container id for docker), or null if none was started
 * @param restarts    in-place restarts so far under the task's restart policy
 * @param exitCode    the last exit code, or null while it has never exited
 */
public record RunningTask(String taskId, long generation, TaskState state, String containerId, int restarts, Integer exitCode) {
  public RunningTask {
    Checks.text(taskId, "runningTask.taskId");
    Checks.notNegative(generation, "runningTask.generation");
    Checks.present(state, "runningTask.state");
    Checks.notNegative(restarts, "runningTask.restarts");
  }
}
