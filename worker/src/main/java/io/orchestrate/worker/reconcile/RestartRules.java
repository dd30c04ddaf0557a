package io.orchestrate.worker.reconcile;

import io.orchestrate.core.spec.RestartPolicy;

/**
 * What a task's restart policy says to do when its process has ended. A pure function.
 *
 * <ul>
 *   <li>{@code never}: exit 0 → COMPLETED, anything else → FAILED.
 *   <li>{@code on-failure}: exit 0 → COMPLETED; otherwise restart while fewer than
 *       {@code maxRestarts} restarts were made, then FAILED.
 *   <li>{@code always}: restart on any exit while fewer than {@code maxRestarts} restarts were made;
 *       then COMPLETED if the last exit was 0, else FAILED. {@code maxRestarts} bounds it because a
 *       task that can never finish should end visibly rather than spin forever on one node.
 * </ul>
 *
 * A process that vanished (no exit code) counts as a failure.
 */
public final class RestartRules {
  private RestartRules() {}

  public enum Outcome { RESTART, COMPLETED, FAILED }

  /** @param reason what the task's record should say, e.g. "exited with code 3; 3 restarts exhausted" */
  public record Decision(Outcome outcome, String reason) {}

  public static Decision onExit(RestartPolicy policy, int restartsSoFar, Integer exitCode, String driverReason) {
    String ended = describe(exitCode, driverReason);
    boolean success = exitCode != null && exitCode == 0;
    boolean budgetLeft = restartsSoFar < policy.maxRestarts();
    String exhausted = ended + "; " + policy.maxRestarts() + " restarts exhausted";
    return switch (policy.policy()) {
      case NEVER -> success ? new Decision(Outcome.COMPLETED, ended) : new Decision(Outcome.FAILED, ended);
      case ON_FAILURE -> {
        if (success) yield new Decision(Outcome.COMPLETED, ended);
        yield budgetLeft ? new Decision(Outcome.RESTART, ended) : new Decision(Outcome.FAILED, exhausted);
      }
      case ALWAYS -> {
        if (budgetLeft) yield new Decision(Outcome.RESTART, ended);
        yield success ? new Decision(Outcome.COMPLETED, exhausted) : new Decision(Outcome.FAILED, exhausted);
      }
    };
  }

  static String describe(Integer exitCode, String driverReason) {
    if (exitCode == null) return driverReason == null ? "ended without an exit code" : driverReason;
    String s = "exited with code " + exitCode;
    return driverReason == null ? s : s + " (" + driverReason + ")";
  }
}
