package io.orchestrate.gateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.model.TaskState;

/**
 * One observed transition of one task on a worker.
 *
 * @param generation  the placement generation this copy runs; the manager ignores updates for an
 *                    older generation than the task's current one
 * @param state       the state the task entered (RUNNING, COMPLETED, FAILED, STOPPED)
 * @param containerId the driver's handle, or null when none was started (e.g. image missing)
 * @param restarts    in-place restarts so far
 * @param exitCode    the exit code when the task ended by exiting, else null
 * @param reason      a human-readable why (e.g. "exited with code 3; 3 restarts exhausted"), or null
 * @param atMillis    wall-clock time on the worker when it observed the transition
 * @param health      "starting", "healthy" or "unhealthy" for a task with a health check, else null;
 *                    a change of health alone is an update worth sending
 */
public record TaskUpdate(
    String taskId,
    long generation,
    TaskState state,
    String containerId,
    int restarts,
    Integer exitCode,
    String reason,
    long atMillis,
    @JsonInclude(JsonInclude.Include.NON_NULL) String health) {

  public TaskUpdate {
    Checks.text(taskId, "taskUpdate.taskId");
    Checks.notNegative(generation, "taskUpdate.generation");
    Checks.present(state, "taskUpdate.state");
    Checks.notNegative(restarts, "taskUpdate.restarts");
    Checks.notNegative(atMillis, "taskUpdate.atMillis");
    if (health != null) Checks.text(health, "taskUpdate.health");
  }

  /** An update on a task without a health check. */
  public TaskUpdate(String taskId, long generation, TaskState state, String containerId, int restarts, Integer exitCode, String reason,
      long atMillis) {
    this(taskId, generation, state, containerId, restarts, exitCode, reason, atMillis, null);
  }
}
