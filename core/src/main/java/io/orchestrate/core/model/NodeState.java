package io.orchestrate.core.model;

/** A worker node as the replicated state sees it. Only READY nodes receive new tasks. */
public enum NodeState {
  READY,
  DRAINING,
  DOWN
}
