package io.orchestrate.worker.health;

import io.orchestrate.core.spec.HealthCheck;

/**
 * The counting of one copy's checks; pure, no clock of its own. Starts STARTING; a passed check
 * makes it HEALTHY and clears the count; {@code failureThreshold} consecutive failures make it
 * UNHEALTHY, which is final for the copy (the copy is then restarted as a new target). Failures
 * while STARTING within {@code gracePeriodSeconds} of the start are not counted. Guarded by the
 * owning probe; not thread-safe by itself.
 */
final class HealthTracker {
  private final int threshold;
  private final long graceEndsAtMillis;
  private Health status = Health.STARTING;
  private int failures;
  private String lastError;

  HealthTracker(HealthCheck check, long startedAtMillis) {
    this.threshold = check.failureThreshold();
    this.graceEndsAtMillis = startedAtMillis + check.gracePeriodSeconds() * 1000L;
  }

  /** Counts one result; returns the new status when it changed, else null. */
  Health record(CheckResult result, long nowMillis) {
    if (status == Health.UNHEALTHY) return null;
    if (result.passed()) {
      failures = 0;
      lastError = null;
      return moveTo(Health.HEALTHY);
    }
    lastError = result.error();
    if (status == Health.STARTING && nowMillis < graceEndsAtMillis) return null;
    failures++;
    return failures >= threshold ? moveTo(Health.UNHEALTHY) : null;
  }

  private Health moveTo(Health next) {
    if (next == status) return null;
    status = next;
    return next;
  }

  Health status() {
    return status;
  }

  int consecutiveFailures() {
    return failures;
  }

  String lastError() {
    return lastError;
  }
}
