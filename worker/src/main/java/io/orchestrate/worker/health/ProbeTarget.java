package io.orchestrate.worker.health;

import io.orchestrate.core.spec.HealthCheck;

/**
 * One copy of one task to check: a new handle (a restarted copy) or a new generation is a new
 * target whose counting starts afresh.
 */
public record ProbeTarget(String taskId, long generation, String handle, HealthCheck check) {
  public ProbeTarget {
    if (taskId == null || handle == null || check == null) {
      throw new IllegalArgumentException("probe target needs a task id, a handle and a check (got " + taskId + ", " + handle + ", " + check + ")");
    }
  }
}
