package io.orchestrate.manager.snapshot;

/** A snapshot file that must not be restored: missing, truncated, corrupted, or of another cluster. */
public final class InvalidSnapshotException extends Exception {
  public InvalidSnapshotException(String message) {
    super(message);
  }

  public InvalidSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
