package io.orchestrate.scheduler;

/** Whether a node may receive new tasks. Only {@link #READY} nodes are placement candidates. */
public enum NodeState {
  /** Heartbeating and accepting work. */
  READY,
  /** Declared down by the leader; its tasks are being rescheduled. */
  DOWN,
  /** Being emptied by an operator: keeps running what it has, takes nothing new. */
  DRAINING
}
