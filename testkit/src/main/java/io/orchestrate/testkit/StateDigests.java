package io.orchestrate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The determinism check after an integration test, for any set of managers (in this JVM or child
 * processes): every one reports the same applied index and state digest.
 */
public final class StateDigests {
  private StateDigests() {}

  /** A manager's digest answer: {@code {manager, appliedIndex, digest}}. */
  public static JsonNode of(HttpApi http, String api, String token) {
    return http.send("GET", api, "/v1/state/digest", null, HttpApi.bearer(token)).json();
  }

  /**
   * Waits (up to {@code wait}) until every manager at {@code apis} reports the same applied index
   * and digest, and returns that digest. The wait ends early only when all agree; a persistent
   * mismatch fails.
   */
  public static String awaitSame(HttpApi http, Collection<String> apis, String token, Duration wait) {
    List<String> all = List.copyOf(apis);
    return org.awaitility.Awaitility.await("every running manager at the same applied index and digest").atMost(wait).ignoreExceptions()
        .pollInterval(Duration.ofMillis(100))
        .until(() -> {
          long idx = -1;
          String digest = null;
          for (String api : all) {
            JsonNode n = of(http, api, token);
            if (idx == -1) {
              idx = n.path("appliedIndex").asLong();
              digest = n.path("digest").asText();
            } else if (idx != n.path("appliedIndex").asLong() || !digest.equals(n.path("digest").asText())) {
              return null;
            }
          }
          return digest;
        }, v -> v != null);
  }
}
