package io.orchestrate.core.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of one task record. A FAILED task may be rescheduled, but as a new task record (a new
 * attempt), so FAILED is terminal for the record itself.
 *
 * <pre>
 * PENDING -> SCHEDULED -> RUNNING -> COMPLETED | FAILED
 * any non-terminal -> STOPPED (user) ; SCHEDULED, RUNNING -> LOST (node gone)
 * </pre>
 *
 * PENDING cannot become LOST: it is on no node. SCHEDULED may become FAILED (image not available)
 * or COMPLETED (a short task that finished before its RUNNING report was committed).
 */
public enum TaskState {
  PENDING,
  SCHEDULED,
  RUNNING,
  COMPLETED,
  FAILED,
  LOST,
  STOPPED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == LOST || this == STOPPED;
  }

  /** Whether the task occupies resources on a node. */
  public boolean isPlaced() {
    return this == SCHEDULED || this == RUNNING;
  }

  public Set<TaskState> allowedNext() {
    return switch (this) {
      case PENDING -> EnumSet.of(SCHEDULED, STOPPED);
      case SCHEDULED -> EnumSet.of(RUNNING, COMPLETED, FAILED, LOST, STOPPED);
      case RUNNING -> EnumSet.of(COMPLETED, FAILED, LOST, STOPPED);
      case COMPLETED, FAILED, LOST, STOPPED -> EnumSet.noneOf(TaskState.class);
    };
  }

  public boolean canTransitionTo(TaskState next) {
    return allowedNext().contains(next);
  }
}
