package io.orchestrate.core.model;

/**
 * One task instance (one container) as the replicated state holds it.
 *
 * @param group   the name of the task spec inside the job this instance comes from
 * @param index   instance number within its group, 0..count-1
 * @param node    the node it is placed on, or null while PENDING
 * @param generation log index of the placement that put it on its node (0 while PENDING): a copy
 *                   running with another generation is stale and must be stopped
 * @param version    log index of the command that last changed this record
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
    long version) {

  public static Task pending(String id, String jobId, String group, int index, long atMillis, long version) {
    return new Task(id, jobId, group, index, TaskState.PENDING, null, null, 0, null, null, atMillis, atMillis, 0, version);
  }

  public Task withState(TaskState next, String why, long atMillis, long atIndex) {
    return new Task(id, jobId, group, index, next, node, why, restarts, containerId, exitCode, createdAtMillis, atMillis, generation, atIndex);
  }

  /** Placed on a node by the placement committed at {@code atIndex}, which becomes its generation. */
  public Task placed(String nodeId, long atMillis, long atIndex) {
    return new Task(id, jobId, group, index, TaskState.SCHEDULED, nodeId, null, 0, null, null, createdAtMillis, atMillis, atIndex, atIndex);
  }

  /** A report from the node running it. */
  public Task reported(TaskState next, String why, int restartCount, String container, Integer exit, long atMillis, long atIndex) {
    return new Task(id, jobId, group, index, next, node, why, restartCount, container, exit, createdAtMillis, atMillis, generation, atIndex);
  }

  public Task withReason(String why, long atIndex) {
    return new Task(id, jobId, group, index, state, node, why, restarts, containerId, exitCode, createdAtMillis, updatedAtMillis, generation, atIndex);
  }
}
