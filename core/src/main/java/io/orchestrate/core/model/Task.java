package io.orchestrate.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One task instance (one container) as the replicated state holds it.
 *
 * @param group   the name of the task spec inside the job this instance comes from
 * @param index   instance number within its group, 0..count-1
 * @param node    the node it is placed on, or null while PENDING
 * @param generation log index of the placement that put it on its node (0 while PENDING): a copy
 *                   running with another generation is stale and must be stopped
 * @param version    log index of the command that last changed this record
 * @param attempt    0 for the first copy of a task slot; each reschedule adds one
 * @param replaces   the task this one replaces (a reschedule or a drain move), or null
 * @param replacedBy the task that replaces this one, or null
 * @param notBeforeMillis a rescheduled task is not placed before this time (backoff)
 * @param health     what its node last said of its health check ("starting", "healthy",
 *                   "unhealthy"), or null when it has none or has not been reported
 * @param jobVersion the job version this task was created from; null for a task of a job's first
 *                   version, left out of encodings then, so that a task written before job
 *                   versions existed reads and encodes as it always did (see {@link #createdFromVersion})
 */
public record Task(
    String id,
    String jobId,
    String group,
    int index,
    TaskState state,
    String node,
    String reason,
    int restarts,
    String containerId,
    Integer exitCode,
    long createdAtMillis,
    long updatedAtMillis,
    long generation,
    long version,
    int attempt,
    String replaces,
    String replacedBy,
    long notBeforeMillis,
    @JsonInclude(JsonInclude.Include.NON_NULL) String health,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer jobVersion) {

  public static Task pending(String id, String jobId, String group, int index, long atMillis, long version) {
    return new Task(id, jobId, group, index, TaskState.PENDING, null, null, 0, null, null, atMillis, atMillis, 0, version, 0, null, null, 0, null, null);
  }

  /** A new PENDING attempt of the same slot, replacing {@code old}. */
  public static Task replacing(Task old, String newId, int attempt, long notBeforeMillis, long atMillis, long version) {
    return new Task(newId, old.jobId, old.group, old.index, TaskState.PENDING, null, null, 0, null, null, atMillis, atMillis, 0, version,
        attempt, old.id, null, notBeforeMillis, null, old.jobVersion);
  }

  public Task withReplacedBy(String newId, long atIndex) {
    return new Task(id, jobId, group, index, state, node, reason, restarts, containerId, exitCode, createdAtMillis, updatedAtMillis,
        generation, atIndex, attempt, replaces, newId, notBeforeMillis, health, jobVersion);
  }

  /** A state the managers decide (LOST, STOPPED); the node's last word on health no longer describes it, so it is cleared. */
  public Task withState(TaskState next, String why, long atMillis, long atIndex) {
    return new Task(id, jobId, group, index, next, node, why, restarts, containerId, exitCode, createdAtMillis, atMillis, generation, atIndex,
        attempt, replaces, replacedBy, notBeforeMillis, null, jobVersion);
  }

  /** Placed on a node by the placement committed at {@code atIndex}, which becomes its generation. */
  public Task placed(String nodeId, long atMillis, long atIndex) {
    return new Task(id, jobId, group, index, TaskState.SCHEDULED, nodeId, null, 0, null, null, createdAtMillis, atMillis, atIndex, atIndex,
        attempt, replaces, replacedBy, notBeforeMillis, null, jobVersion);
  }

  /** A report from the node running it; {@code healthNow} is the task's health as of the report. */
  public Task reported(TaskState next, String why, int restartCount, String container, Integer exit, String healthNow, long atMillis,
      long atIndex) {
    return new Task(id, jobId, group, index, next, node, why, restartCount, container, exit, createdAtMillis, atMillis, generation, atIndex,
        attempt, replaces, replacedBy, notBeforeMillis, healthNow, jobVersion);
  }

  public Task withReason(String why, long atIndex) {
    return new Task(id, jobId, group, index, state, node, why, restarts, containerId, exitCode, createdAtMillis, updatedAtMillis, generation, atIndex,
        attempt, replaces, replacedBy, notBeforeMillis, health, jobVersion);
  }

  /** A new PENDING task of job version {@code jobVersion} (a version above the first is recorded). */
  public static Task pending(String id, String jobId, String group, int index, long atMillis, long version, int jobVersion) {
    return new Task(id, jobId, group, index, TaskState.PENDING, null, null, 0, null, null, atMillis, atMillis, 0, version, 0, null, null, 0, null,
        jobVersion <= Job.FIRST_VERSION ? null : Integer.valueOf(jobVersion));
  }

  /** The job version this task was created from (the first for a task that records none). */
  public int createdFromVersion() {
    return jobVersion == null ? Job.FIRST_VERSION : jobVersion;
  }
}
