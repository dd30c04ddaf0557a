package io.orchestrate.scheduler;

/**
 * A task the plan could not place, with a reason written for the operator, e.g.
 * {@code no ready node has 4096 MB free memory; best has 2048 MB}. Never blank.
 */
public record Unplaced(String taskId, String reason) {
  /** Why nothing can be placed in a cluster that has no nodes at all. */
  public static final String NO_NODES = "no nodes are registered";
}
