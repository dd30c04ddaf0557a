package io.orchestrate.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an API token may do. Each role includes the ones before it: {@code submit} may do whatever
 * {@code read} may, {@code operator} whatever {@code submit} may. The declaration order is that
 * inclusion, so it must not change.
 */
public enum TokenRole {
  /** Lists and views: jobs, tasks, nodes, the cluster, metrics. */
  READ("read"),
  /** Adds running and stopping jobs. */
  SUBMIT("submit"),
  /** Adds node drain, cluster membership, leadership transfer, snapshots, gc and tokens. */
  OPERATOR("operator");

  public static final String CHOICES = "read|submit|operator";

  private final String wire;

  TokenRole(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** Whether a token with this role may do what {@code needed} may. */
  public boolean includes(TokenRole needed) {
    return compareTo(needed) >= 0;
  }

  /** The role named {@code text} (case-insensitive), or null when it names none. */
  public static TokenRole byWire(String text) {
    if (text == null) return null;
    String t = text.toLowerCase(Locale.ROOT);
    for (TokenRole r : values()) {
      if (r.wire.equals(t)) return r;
    }
    return null;
  }

  @JsonCreator
  static TokenRole fromJson(String text) {
    TokenRole r = byWire(text);
    if (r == null) throw new IllegalArgumentException("role must be one of " + CHOICES + " (got '" + text + "')");
    return r;
  }

  @Override
  public String toString() {
    return wire;
  }
}
