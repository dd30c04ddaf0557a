package io.orchestrate.gateway.protocol;

/**
 * A message only the Raft leader sends, stamped with its term. A worker remembers the highest term
 * it has seen (durably) and ignores any leader message with a lower term, so a deposed leader that
 * has not noticed yet cannot start or stop tasks.
 */
public sealed interface LeaderMessage extends ManagerMessage permits Registered, Desired, HeartbeatAck {
  /** The sending leader's Raft term; at least 1. */
  long term();
}
