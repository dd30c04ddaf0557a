package io.orchestrate.core.model;

/**
 * One task instance (one container) as the replicated state holds it.
 *
 * @param group   the name of the task spec inside the job this instance comes from
 * @param index   instance number within its group, 0..count-1
 * @param node    the node it is placed on, or null while PENDING
 * @param version log index of the command that last changed this record
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
    long version) {

  public static Task pending(String id, String jobId, String group, int index, long atMillis, long version) {
    return new Task(id, jobId, group, index, TaskState.PENDING, null, null, 0, null, null, atMillis, atMillis, version);
  }

  public Task withState(TaskState next, String why, long atMillis, long atIndex) {
    return new Task(id, jobId, group, index, next, node, why, restarts, containerId, exitCode, createdAtMillis, atMillis, atIndex);
  }
}
