package io.orchestrate.core.command;

/** A log entry this replica cannot understand. Fatal for the replica: it must stop, not skip the entry. */
public final class UnknownCommandException extends RuntimeException {
  public UnknownCommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
