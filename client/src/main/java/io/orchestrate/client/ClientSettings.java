package io.orchestrate.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long {@link ManagersClient} keeps trying and how it reads.
 *
 * @param timeout        overall deadline for one request, across every manager, redirect and retry
 * @param attemptTimeout how long one HTTP exchange may take before the next manager is tried; a paused
 *                       manager accepts connections but never answers, so this must be well below {@code timeout}
 * @param connectTimeout how long to wait for a TCP connection
 * @param maxRetryWait   cap on a server's {@code Retry-After}, so one answer cannot eat the whole deadline
 * @param stale          add {@code stale=true} to reads: any manager answers from its local copy
 * @param token          API token sent as {@code Authorization: Bearer TOKEN} on every request
 *                       (redirects included), or null for none
 */
public record ClientSettings(
    Duration timeout, Duration attemptTimeout, Duration connectTimeout, Duration maxRetryWait, boolean stale, String token) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  public ClientSettings {
    positive("timeout", timeout);
    positive("attemptTimeout", attemptTimeout);
    positive("connectTimeout", connectTimeout);
    positive("maxRetryWait", maxRetryWait);
    if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
      // Never quoted: this is a secret.
      throw new IllegalArgumentException("the API token must be printable ASCII without spaces");
    }
  }

  /** Without the token: a record's usual string would put it in whatever logs this. */
  @Override
  public String toString() {
    return "ClientSettings[timeout=" + timeout + ", attemptTimeout=" + attemptTimeout + ", connectTimeout=" + connectTimeout
        + ", maxRetryWait=" + maxRetryWait + ", stale=" + stale + ", token=" + (token == null ? "none" : "<redacted>") + "]";
  }

  public static ClientSettings defaults() {
    return new ClientSettings(DEFAULT_TIMEOUT, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(2), false, null);
  }

  public ClientSettings withTimeout(Duration t) {
    return new ClientSettings(t, attemptTimeout, connectTimeout, maxRetryWait, stale, token);
  }

  public ClientSettings withAttemptTimeout(Duration t) {
    return new ClientSettings(timeout, t, connectTimeout, maxRetryWait, stale, token);
  }

  public ClientSettings withConnectTimeout(Duration t) {
    return new ClientSettings(timeout, attemptTimeout, t, maxRetryWait, stale, token);
  }

  public ClientSettings withMaxRetryWait(Duration t) {
    return new ClientSettings(timeout, attemptTimeout, connectTimeout, t, stale, token);
  }

  public ClientSettings withStale(boolean s) {
    return new ClientSettings(timeout, attemptTimeout, connectTimeout, maxRetryWait, s, token);
  }

  /** The same settings sending {@code t} as the API token (null: none). */
  public ClientSettings withToken(String t) {
    return new ClientSettings(timeout, attemptTimeout, connectTimeout, maxRetryWait, stale, t);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
  }
}
