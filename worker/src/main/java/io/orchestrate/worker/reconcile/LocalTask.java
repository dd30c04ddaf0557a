package io.orchestrate.worker.reconcile;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.worker.health.Health;
import io.orchestrate.worker.store.TaskRecord;
import java.util.concurrent.ScheduledFuture;

/** The reconciler's mutable view of one task it holds. Touched only on the reconciler's owner thread. */
final class LocalTask {
  final DesiredTask spec;
  String handle;
  int restarts;
  TaskState state;
  Integer exitCode;
  String reason;
  /** Set while the restart delay runs; the scheduled restart checks it is still the one wanted. */
  ScheduledFuture<?> pendingRestart;
  /** Why its copy is being (or must be) stopped; kept after a failed stop so that convergence retries it. */
  String discardReason;
  /** A stop of its copy is in flight on a stop thread. */
  boolean stopping;
  /** The prober's last word, and the copy (handle) it was about: a restarted copy starts over. */
  Health health;
  String healthOf;

  LocalTask(DesiredTask spec) {
    this.spec = spec;
  }

  static LocalTask of(TaskRecord r) {
    LocalTask t = new LocalTask(r.spec());
    t.handle = r.handle();
    t.restarts = r.restarts();
    t.state = r.state();
    t.exitCode = r.exitCode();
    t.reason = r.reason();
    return t;
  }

  TaskRecord record() {
    return new TaskRecord(spec, handle, restarts, state, exitCode, reason);
  }

  /** What to report of its health: null without a check; "starting" for a running copy not yet judged. */
  String health() {
    if (spec.health() == null) return null;
    if (handle != null && handle.equals(healthOf)) return health.wire();
    return state == TaskState.RUNNING && handle != null ? Health.STARTING.wire() : null;
  }

  String id() {
    return spec.taskId();
  }

  long generation() {
    return spec.generation();
  }
}
