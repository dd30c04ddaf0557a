package io.orchestrate.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a deployment is: RUNNING until every group's new tasks counted healthy (SUCCESSFUL) or one failed. */
public enum DeploymentStatus {
  RUNNING,
  SUCCESSFUL,
  /** A new task did not become healthy in time; the job stays at the failed version. */
  FAILED,
  /** Failed, and the last version whose deployment succeeded was rolled out again by the same entry. */
  REVERTED;

  public boolean terminal() {
    return this != RUNNING;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static DeploymentStatus of(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
