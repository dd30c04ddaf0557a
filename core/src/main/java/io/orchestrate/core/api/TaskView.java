package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A task as the API shows it. {@code name} is the task spec's name; {@code index} tells instances apart.
 * {@code health} is "starting", "healthy" or "unhealthy" for a task with a health check, else absent.
 * {@code jobVersion} is the job version the task was created from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(
    String id,
    String jobId,
    String name,
    int index,
    String state,
    String node,
    int restarts,
    String containerId,
    Integer exitCode,
    String reason,
    String updatedAt,
    int attempt,
    String replaces,
    String replacedBy,
    String health,
    Integer jobVersion) {

  /** A view that does not say the job version the task was created from. */
  public TaskView(String id, String jobId, String name, int index, String state, String node, int restarts, String containerId,
      Integer exitCode, String reason, String updatedAt, int attempt, String replaces, String replacedBy, String health) {
    this(id, jobId, name, index, state, node, restarts, containerId, exitCode, reason, updatedAt, attempt, replaces, replacedBy, health, null);
  }

  /** A view without health (a task with no health check). */
  public TaskView(String id, String jobId, String name, int index, String state, String node, int restarts, String containerId,
      Integer exitCode, String reason, String updatedAt, int attempt, String replaces, String replacedBy) {
    this(id, jobId, name, index, state, node, restarts, containerId, exitCode, reason, updatedAt, attempt, replaces, replacedBy, null);
  }
}
