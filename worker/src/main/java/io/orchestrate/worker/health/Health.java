package io.orchestrate.worker.health;

/** What a task's health check says of its current copy, with the words the wire and the CLI use. */
public enum Health {
  /** No check has passed yet and the failures so far are below the threshold (or inside the grace period). */
  STARTING("starting"),
  /** The last check passed, or later failures are still below the threshold. */
  HEALTHY("healthy"),
  /** The failure threshold was reached; the copy is restarted or the task fails. */
  UNHEALTHY("unhealthy");

  private final String wire;

  Health(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
