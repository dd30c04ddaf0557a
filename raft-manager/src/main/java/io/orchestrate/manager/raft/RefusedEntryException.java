package io.orchestrate.manager.raft;

import java.io.IOException;

/** A client request the leader would not append to the log; its sender gets this as the reply's cause. */
public final class RefusedEntryException extends IOException {
  /** {@code FEATURE_LEVEL}: the command uses a feature above the cluster's active level, or raises it past a voter. */
  public enum Reason { TOO_LARGE, UNREADABLE, INVALID, FEATURE_LEVEL }

  private final Reason reason;

  public RefusedEntryException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
