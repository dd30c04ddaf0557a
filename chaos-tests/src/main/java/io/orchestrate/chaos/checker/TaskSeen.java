package io.orchestrate.chaos.checker;

/**
 * One task in a read's answer; {@code node} is null until it is placed.
 *
 * @param containerId the managers' record of the copy that runs it (the worker's driver handle), or null
 * @param restarts    in-place restarts the worker reported for it
 */
public record TaskSeen(String id, String jobId, String name, int index, String state, String node, String containerId, int restarts) {
  public TaskSeen(String id, String jobId, String name, int index, String state, String node) {
    this(id, jobId, name, index, state, node, null, 0);
  }
}
