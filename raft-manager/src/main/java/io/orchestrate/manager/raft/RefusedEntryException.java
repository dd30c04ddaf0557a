package io.orchestrate.manager.raft;

import java.io.IOException;

/** A client request the leader would not append to the log; its sender gets this as the reply's cause. */
public final class RefusedEntryException extends IOException {
  public enum Reason { TOO_LARGE, UNREADABLE, INVALID }

  private final Reason reason;

  public RefusedEntryException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
