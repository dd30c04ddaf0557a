package io.orchestrate.manager.state;

import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.TaskSpec;
import java.util.OptionalLong;

/**
 * When a record may be garbage-collected: the one rule shared by the leader's pick
 * ({@link GarbagePlanner}) and apply's re-check ({@link GcApplier}), so the two cannot disagree.
 * Reads the image only; every time it compares was written into the log by a leader.
 */
public final class Collectable {
  private Collectable() {}

  /**
   * When a job ended, or empty while it has not. A job has ended when every one of its task
   * records is terminal (COMPLETED, FAILED, LOST or STOPPED) and, unless the job was stopped, no
   * task still waits for a new attempt (a LOST or FAILED task that its reschedule policy will
   * replace). It ended at the latest of its stop time and its tasks' last changes. A running job
   * with no task records has not ended, as its status is "pending" too.
   */
  public static OptionalLong endedAt(StateImage s, Job j) {
    PersistentSet<String> ids = s.jobTasks().getOrDefault(j.id(), PersistentSet.empty());
    if (ids.isEmpty() && !j.stopped()) return OptionalLong.empty();
    long at = j.stopped() ? j.stoppedAtMillis() : Long.MIN_VALUE;
    for (String id : ids) {
      Task t = s.tasks().get(id);
      if (t == null) continue;
      if (!t.state().isTerminal()) return OptionalLong.empty();
      if (!j.stopped() && awaitsNewAttempt(s, t)) return OptionalLong.empty();
      at = Math.max(at, t.updatedAtMillis());
    }
    return OptionalLong.of(at);
  }

  /** A job that has ended at or before {@code endedBy}. */
  public static boolean job(StateImage s, Job j, long endedBy) {
    OptionalLong at = endedAt(s, j);
    return at.isPresent() && at.getAsLong() <= endedBy;
  }

  /**
   * A DOWN node, down since {@code downBy} or earlier, that no SCHEDULED or RUNNING task names.
   * (PENDING tasks name no node; terminal ones keep its id as history, which is fine.) A DOWN
   * node's last change is the time it was declared down: it leaves DOWN only by registering again.
   */
  public static boolean node(StateImage s, Node n, long downBy) {
    return n.state() == NodeState.DOWN && n.updatedAtMillis() <= downBy
        && s.nodeTasks().getOrDefault(n.id(), PersistentSet.empty()).isEmpty();
  }

  private static boolean awaitsNewAttempt(StateImage s, Task t) {
    if (t.replacedBy() != null) return false;
    TaskSpec spec = s.specOf(t);
    return spec != null && TaskApplier.mayBeRescheduled(t, spec);
  }
}
