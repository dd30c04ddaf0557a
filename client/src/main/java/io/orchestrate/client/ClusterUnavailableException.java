package io.orchestrate.client;

import java.util.Map;

/**
 * No manager could serve the request before the deadline: none reachable, none with a leader, or
 * redirects that never reached one. {@link #problems()} holds the last thing each manager tried did.
 */
public final class ClusterUnavailableException extends RuntimeException {
  private final Map<String, String> problems;

  public ClusterUnavailableException(String message, Map<String, String> problems) {
    super(message);
    this.problems = Map.copyOf(problems);
  }

  /** host:port of each manager tried, mapped to its last problem. */
  public Map<String, String> problems() {
    return problems;
  }
}
