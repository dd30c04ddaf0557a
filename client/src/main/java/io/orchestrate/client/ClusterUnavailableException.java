package io.orchestrate.client;

import java.util.Map;

/**
 * No manager could serve the request before the deadline: none reachable, none with a leader, or
 * redirects that never reached one. {@link #problems()} holds the last thing each manager tried did.
 */
public final class ClusterUnavailableException extends RuntimeException {
  private final Map<String, String> problems;
  private final boolean mayHaveTakenEffect;

  public ClusterUnavailableException(String message, Map<String, String> problems) {
    this(message, problems, false);
  }

  public ClusterUnavailableException(String message, Map<String, String> problems, boolean mayHaveTakenEffect) {
    super(message);
    this.problems = Map.copyOf(problems);
    this.mayHaveTakenEffect = mayHaveTakenEffect;
  }

  /**
   * True when some attempt was sent and never answered (a timeout, a cut connection) or a write was
   * answered 503: the request may have taken effect although nobody confirmed it. False only when
   * no attempt can have reached a manager, or every answer was a refusal of a read.
   */
  public boolean mayHaveTakenEffect() {
    return mayHaveTakenEffect;
  }

  /** host:port of each manager tried, mapped to its last problem. */
  public Map<String, String> problems() {
    return problems;
  }
}
