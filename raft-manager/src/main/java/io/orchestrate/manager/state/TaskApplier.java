package io.orchestrate.manager.state;

import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.MigrateTasks;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RescheduleTasks;
import io.orchestrate.core.command.ReportTasks;
import io.orchestrate.core.command.SetPendingReasons;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Apply rules for placements, worker reports and scheduler reasons. */
final class TaskApplier {
  private TaskApplier() {}

  /** Optimistic concurrency, as a plan applier: each placement must still hold at this index. */
  static CommandResult place(Delta d, PlaceTasks c, long index) {
    Map<String, Resources> free = new HashMap<>();
    Map<String, String> rejected = new LinkedHashMap<>();
    int accepted = 0;
    for (PlaceTasks.Placement p : c.placements()) {
      StateImage s = d.image();
      Task t = s.tasks().get(p.taskId());
      if (t == null) {
        rejected.put(p.taskId(), "task no longer exists");
        continue;
      }
      if (t.state() != TaskState.PENDING || t.version() != p.expectedVersion()) {
        rejected.put(p.taskId(), "task changed since the plan (now " + t.state() + " at version " + t.version() + ")");
        continue;
      }
      Job job = s.jobs().get(t.jobId());
      if (job == null || job.stopped()) {
        rejected.put(p.taskId(), "job is stopped");
        continue;
      }
      Node n = s.nodes().get(p.nodeId());
      if (n == null || n.state() != NodeState.READY) {
        rejected.put(p.taskId(), "node " + p.nodeId() + " is not ready");
        continue;
      }
      TaskSpec spec = s.specOf(t);
      Resources room = free.computeIfAbsent(n.id(), id -> n.capacity().minus(s.allocatedOn(id)));
      if (!room.fits(spec.resources())) {
        rejected.put(p.taskId(), "node " + n.id() + " no longer has room");
        continue;
      }
      free.put(n.id(), room.minus(spec.resources()));
      d.putTask(t.placed(n.id(), c.atMillis(), index));
      accepted++;
    }
    return new CommandResult.Placed(accepted, rejected);
  }

  /** Worker reports; stale ones (another node, another generation, an impossible transition) are ignored. */
  static CommandResult report(Delta d, ReportTasks c, long index) {
    for (ReportTasks.Report r : c.reports()) {
      Task t = d.image().tasks().get(r.taskId());
      if (t == null || !r.nodeId().equals(t.node()) || r.generation() != t.generation()) continue;
      // A terminal record is final: a late report (the worker confirming a stop) must not rewrite why it ended.
      if (t.state().isTerminal()) continue;
      boolean sameState = r.state() == t.state();
      if (!sameState && !t.state().canTransitionTo(r.state())) continue;
      if (sameState && r.restarts() == t.restarts() && Objects.equals(r.containerId(), t.containerId())
          && Objects.equals(r.exitCode(), t.exitCode()) && Objects.equals(r.reason(), t.reason())
          && Objects.equals(r.health(), t.health())) {
        continue;
      }
      Task now = t.reported(r.state(), r.reason(), r.restarts(), r.containerId(), r.exitCode(), r.health(), r.atMillis(), index);
      d.putTask(now);
      if (now.state() == TaskState.RUNNING && now.replaces() != null) retireReplaced(d, now, r.atMillis(), index);
    }
    return new CommandResult.Done();
  }

  /** A moved task runs: the copy it replaces on the draining node can stop now. */
  private static void retireReplaced(Delta d, Task now, long atMillis, long index) {
    Task old = d.image().tasks().get(now.replaces());
    if (old != null && old.state().canTransitionTo(TaskState.STOPPED)) {
      d.putTask(old.withState(TaskState.STOPPED, "moved to " + now.id() + " on " + now.node(), atMillis, index));
    }
  }

  /** New attempts for LOST (or FAILED, if the job asks) tasks, within the policy's attempts. */
  static CommandResult reschedule(Delta d, RescheduleTasks c, long index) {
    for (RescheduleTasks.Replacement r : c.replacements()) {
      StateImage s = d.image();
      Task old = s.tasks().get(r.oldTaskId());
      if (old == null || old.replacedBy() != null || s.tasks().containsKey(r.newTaskId())) continue;
      TaskSpec spec = s.specOf(old);
      Job job = s.jobs().get(old.jobId());
      if (spec == null || job == null || job.stopped()) continue;
      if (!mayBeRescheduled(old, spec)) continue;
      d.putTask(old.withReplacedBy(r.newTaskId(), index));
      d.putTask(Task.replacing(old, r.newTaskId(), old.attempt() + 1, r.notBeforeMillis(), c.atMillis(), index));
    }
    return new CommandResult.Done();
  }

  /**
   * Whether a task's policy allows it a new attempt: LOST (or FAILED, where the job asks for it)
   * with attempts left. Garbage collection asks the same question ({@link Collectable}), so a job
   * is never collected while a new attempt of one of its tasks may still come. A slot the job no
   * longer has (its version scaled the group below the index) gets no new attempt; before job
   * versions (feature level 3) counts never changed, so this rule never refused anything there.
   */
  static boolean mayBeRescheduled(Task t, TaskSpec spec) {
    if (t.index() >= spec.count()) return false;
    boolean eligible = t.state() == TaskState.LOST || (t.state() == TaskState.FAILED && spec.reschedule().failed());
    return eligible && t.attempt() + 1 <= spec.reschedule().attempts();
  }

  /** Replacements for tasks on a draining node; the originals keep running until theirs run. */
  static CommandResult migrate(Delta d, MigrateTasks c, long index) {
    for (RescheduleTasks.Replacement r : c.replacements()) {
      StateImage s = d.image();
      Task old = s.tasks().get(r.oldTaskId());
      if (old == null || old.replacedBy() != null || !old.state().isPlaced() || s.tasks().containsKey(r.newTaskId())) continue;
      Node n = s.nodes().get(old.node());
      Job job = s.jobs().get(old.jobId());
      if (n == null || n.state() != NodeState.DRAINING || job == null || job.stopped()) continue;
      d.putTask(old.withReplacedBy(r.newTaskId(), index));
      d.putTask(Task.replacing(old, r.newTaskId(), old.attempt(), 0, c.atMillis(), index));
    }
    return new CommandResult.Done();
  }

  static CommandResult pendingReasons(Delta d, SetPendingReasons c, long index) {
    for (Map.Entry<String, String> e : c.reasons().entrySet()) {
      Task t = d.image().tasks().get(e.getKey());
      if (t != null && t.state() == TaskState.PENDING && !Objects.equals(t.reason(), e.getValue())) {
        d.putTask(t.withReason(e.getValue(), index));
      }
    }
    return new CommandResult.Done();
  }
}
