package io.orchestrate.manager.service;

import io.orchestrate.core.api.HealthView;
import io.orchestrate.manager.raft.ApplyFailure;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides what {@code /v1/health} says from what this manager knows: a failed apply first, then
 * whether a leader is known. A manager that has not known a leader since it started says
 * {@code starting} for {@link #STARTUP_WINDOW} (its peers may still be starting), then
 * {@code no-leader}; once it has known one, losing it is {@code no-leader} at once. Both answer
 * 503: neither can serve a write or a linearizable read.
 */
final class ManagerHealth {
  /** Long enough for the managers of a new cluster to be started one after the other by hand or by a deploy. */
  static final Duration STARTUP_WINDOW = Duration.ofSeconds(30);

  private final LongSupplier nanoTime;
  private final long startedNanos;
  private volatile boolean leaderKnown;

  ManagerHealth(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.startedNanos = nanoTime.getAsLong();
  }

  /** A leader was known (from Raft's notification or a health read): the start-up window is over. */
  void leaderSeen() {
    leaderKnown = true;
  }

  /** The Raft server does not run yet (the API starts first) or no longer does. */
  HealthView notRunning(String self, String why) {
    return new HealthView(HealthView.STARTING, self, null, null, 0, 0, why);
  }

  /**
   * @param managers how many managers the current configuration has; 0 when unknown
   * @param failure  the entry this manager could not apply, or null
   */
  HealthView view(String self, String role, String leader, long term, long appliedIndex, int managers, ApplyFailure failure) {
    if (failure != null) return new HealthView(HealthView.FAILED, self, role, leader, term, appliedIndex, failure.message());
    if (leader != null) {
      leaderKnown = true;
      return new HealthView(HealthView.OK, self, role, leader, term, appliedIndex, null);
    }
    String quorum = managers > 0
        ? "a leader needs " + (managers / 2 + 1) + " of the " + managers + " managers running and reachable"
        : "a leader needs a quorum of the managers running and reachable";
    long upMillis = Duration.ofNanos(nanoTime.getAsLong() - startedNanos).toMillis();
    if (!leaderKnown && upMillis < STARTUP_WINDOW.toMillis()) {
      return new HealthView(HealthView.STARTING, self, role, null, term, appliedIndex,
          "no leader elected yet, " + upMillis / 1000 + " s after start; " + quorum);
    }
    return new HealthView(HealthView.NO_LEADER, self, role, null, term, appliedIndex,
        "no leader known (this manager is " + role + " in term " + term + "); " + quorum);
  }
}
