package io.orchestrate.chaos.checker;

/**
 * One task in a read's answer; {@code node} is null until it is placed.
 *
 * @param containerId the managers' record of the copy that runs it (the worker's driver handle), or null
 * @param restarts    in-place restarts the worker reported for it
 * @param jobVersion  the job version the task was created from; 0 when the answer did not say
 */
public record TaskSeen(String id, String jobId, String name, int index, String state, String node, String containerId, int restarts,
    int jobVersion) {
  public TaskSeen(String id, String jobId, String name, int index, String state, String node) {
    this(id, jobId, name, index, state, node, null, 0, 0);
  }

  public TaskSeen(String id, String jobId, String name, int index, String state, String node, String containerId, int restarts) {
    this(id, jobId, name, index, state, node, containerId, restarts, 0);
  }

  /** Not yet ended: the task is meant to run (or runs). */
  public boolean live() {
    return "PENDING".equals(state) || "SCHEDULED".equals(state) || "RUNNING".equals(state);
  }
}
