package io.orchestrate.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a certificate's holder is to the cluster. Carried in the certificate's subject as
 * {@code OU=<wire>}; each port accepts a fixed set of roles (Raft only managers, the gateway
 * workers, the API clients).
 */
public enum Role {
  MANAGER,
  WORKER,
  CLIENT;

  /** The name in certificates and on the command line. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code s}, or an {@link IllegalArgumentException} listing the valid names. */
  public static Role parse(String s) {
    for (Role r : values()) {
      if (r.wire().equals(s)) return r;
    }
    throw new IllegalArgumentException("role must be one of " + names() + " (was '" + s + "')");
  }

  public static String names() {
    return Arrays.stream(values()).map(Role::wire).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wire();
  }
}
