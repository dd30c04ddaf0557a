package io.orchestrate.bench.fleet;

/** A {@code bench fleet} run did not finish within {@code --timeout}; the message says what it was waiting for. */
public final class FleetTimeoutException extends RuntimeException {
  public FleetTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
