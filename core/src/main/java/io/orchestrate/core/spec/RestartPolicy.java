package io.orchestrate.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the worker does, in place, when a task's container exits. Applied locally by the worker;
 * when {@code maxRestarts} is exhausted the task ends FAILED.
 */
public record RestartPolicy(Policy policy, Integer maxRestarts, Integer delaySeconds) {
  public static final int DEFAULT_MAX_RESTARTS = 3;
  public static final int DEFAULT_DELAY_SECONDS = 1;

  public RestartPolicy {
    if (policy == null) policy = Policy.ON_FAILURE;
    if (maxRestarts == null) maxRestarts = DEFAULT_MAX_RESTARTS;
    if (delaySeconds == null) delaySeconds = DEFAULT_DELAY_SECONDS;
  }

  public static RestartPolicy defaults() {
    return new RestartPolicy(null, null, null);
  }

  public enum Policy {
    NEVER("never"),
    ON_FAILURE("on-failure"),
    ALWAYS("always");

    private final String wire;

    Policy(String wire) {
      this.wire = wire;
    }

    @JsonValue
    public String wire() {
      return wire;
    }

    @JsonCreator
    public static Policy parse(String s) {
      for (Policy p : values()) {
        if (p.wire.equalsIgnoreCase(s) || p.name().equalsIgnoreCase(s)) return p;
      }
      throw new IllegalArgumentException("must be one of never, on-failure, always (got '" + s + "')");
    }
  }
}
