package io.orchestrate.worker.store;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.gateway.protocol.DesiredTask;

/**
 * What the worker remembers about one task across its own restarts: what it was asked to run and
 * what it started for it. Immutable; the reconciler writes a new record on every change.
 *
 * @param spec     the desired task, including its generation
 * @param handle   the driver handle of the current copy (container id), or null when none runs
 * @param restarts in-place restarts so far for this generation
 * @param state    RUNNING, COMPLETED or FAILED
 * @param exitCode the last exit code, or null
 * @param reason   why it is in its state, or null
 */
public record TaskRecord(
    DesiredTask spec, String handle, int restarts, TaskState state, Integer exitCode, String reason) {

  public TaskRecord {
    if (spec == null) throw new IllegalArgumentException("taskRecord.spec must not be null");
    if (state == null) throw new IllegalArgumentException("taskRecord.state must not be null");
  }

  public String taskId() {
    return spec.taskId();
  }

  public long generation() {
    return spec.generation();
  }
}
