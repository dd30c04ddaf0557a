package io.orchestrate.gateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.model.TaskState;

/**
 * One task a worker holds, as {@link Register} reports it.
 *
 * @param generation  the placement generation the worker runs (see {@link DesiredTask#generation()})
 * @param state       RUNNING, or a terminal state the manager may not have heard of yet
 * @param containerId the driver's handle (container id for docker), or null if none was started
 * @param restarts    in-place restarts so far under the task's restart policy
 * @param exitCode    the last exit code, or null while it has never exited
 * @param health      its health as of now for a task with a health check (see {@link TaskUpdate#health()}), else null
 */
public record RunningTask(String taskId, long generation, TaskState state, String containerId, int restarts, Integer exitCode,
    @JsonInclude(JsonInclude.Include.NON_NULL) String health) {
  public RunningTask {
    Checks.text(taskId, "runningTask.taskId");
    Checks.notNegative(generation, "runningTask.generation");
    Checks.present(state, "runningTask.state");
    Checks.notNegative(restarts, "runningTask.restarts");
    if (health != null) Checks.text(health, "runningTask.health");
  }

  /** A task without a health check. */
  public RunningTask(String taskId, long generation, TaskState state, String containerId, int restarts, Integer exitCode) {
    this(taskId, generation, state, containerId, restarts, exitCode, null);
  }
}
