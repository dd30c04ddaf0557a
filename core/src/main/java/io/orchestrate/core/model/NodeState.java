package io.orchestrate.core.model;

/** A worker node as the replicated state sees it. Only READY nodes receive new tasks. */
public enum NodeState {
  /** Heartbeating and accepting work. */
  READY,
  /** Being emptied by an operator: keeps running what it has, takes nothing new. */
  DRAINING,
  /** Declared down by the leader; its tasks are being rescheduled. */
  DOWN
}
