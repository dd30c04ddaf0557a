package io.orchestrate.chaos;

import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How the suite reaches the managers' API: their addresses ({@code https://IP:PORT}), the client's
 * TLS context (its certificate, trusting only managers of the run's CA; null for plain HTTP) and the
 * API token sent with every request (null for none).
 */
record ApiAccess(List<String> bases, SSLContext tls, String token) {
  ApiAccess {
    bases = List.copyOf(bases);
    if (bases.isEmpty()) throw new IllegalArgumentException("at least one manager address is needed");
  }

  /** Plain HTTP without a token: for tests of the client itself against local stubs. */
  static ApiAccess plain(List<String> bases) {
    return new ApiAccess(bases, null, null);
  }

  /** The same credentials, asking only the manager at {@code base} (a replica's own digest, say). */
  ApiAccess only(String base) {
    return new ApiAccess(List.of(Objects.requireNonNull(base, "base")), tls, token);
  }

  /** The same addresses and TLS with another token. */
  ApiAccess withToken(String t) {
    return new ApiAccess(bases, tls, t);
  }

  /** Without the token: a record's usual string would put it in whatever logs this. */
  @Override
  public String toString() {
    return "ApiAccess[bases=" + bases + ", tls=" + (tls != null) + ", token=" + (token == null ? "none" : "<redacted>") + "]";
  }
}
