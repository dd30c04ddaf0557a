package io.orchestrate.core.model;

import java.util.Collection;

/** Derives the status a user sees for a job from what was asked and the states of its tasks. */
public final class JobSummary {
  private JobSummary() {}

  /** One of {@code pending, running, complete, failed, stopped}. */
  public static String status(Job job, Collection<Task> tasks) {
    if (job.stopped()) return "stopped";
    boolean anyRunning = false;
    boolean allTerminal = !tasks.isEmpty();
    boolean anyFailed = false;
    for (Task t : tasks) {
      // A task that was replaced (rescheduled or moved) no longer speaks for its slot.
      if (t.replacedBy() != null) continue;
      if (t.state() == TaskState.RUNNING) anyRunning = true;
      if (!t.state().isTerminal()) allTerminal = false;
      if (t.state() == TaskState.FAILED || t.state() == TaskState.LOST) anyFailed = true;
    }
    if (allTerminal) return anyFailed ? "failed" : "complete";
    return anyRunning ? "running" : "pending";
  }
}
