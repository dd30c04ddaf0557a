package io.orchestrate.core.version;

import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What moving a job to a new spec does to its tasks, derived from the {@link JobDiff} and the
 * job's tasks as they are: which live tasks stop, which slots get a new task, and which slots
 * waiting for a new attempt (LOST or FAILED, not yet replaced) are taken over by a new task. A
 * pure function: the leader derives it to know how many task ids to draw, a plan derives it to
 * answer, and apply derives it again from the state at its index to carry the update out.
 *
 * <p>In this version a replaced group is replaced in one step: all its live tasks stop and all its
 * new tasks are created by the same log entry. A later rolling update (a deployment record driven
 * by a leader loop) replaces a few slots per step; each step is still a plan of this shape over
 * the slots it takes on.
 *
 * @param stops    live tasks (PENDING, SCHEDULED, RUNNING) to stop, highest index first within a group
 * @param creates  the slots that get a new task, group by group in spec order, index ascending
 * @param retires  tasks waiting for a new attempt whose slot a new task takes (they are marked replaced by it)
 */
public record UpdatePlan(List<Stop> stops, List<Slot> creates, List<Retire> retires) {
  public UpdatePlan {
    stops = List.copyOf(stops);
    creates = List.copyOf(creates);
    retires = List.copyOf(retires);
  }

  /** A live task that stops, and the reason its record shows. */
  public record Stop(String taskId, String group, int index, String reason) {}

  /** A slot (group and index) that gets a new task. */
  public record Slot(String group, int index) {}

  /** A task waiting for a new attempt, and the position in {@link #creates} of the new task of its slot. */
  public record Retire(String taskId, int createdAt) {}

  /**
   * @param diff    the change, from {@link JobDiff#between}
   * @param tasks   every task record of the job
   * @param toVersion the version being made, for the stop reasons
   */
  public static UpdatePlan of(JobDiff diff, List<Task> tasks, int toVersion) {
    List<Stop> stops = new ArrayList<>();
    List<Slot> creates = new ArrayList<>();
    List<Retire> retires = new ArrayList<>();
    for (GroupChange g : diff.groups()) {
      if (diff.rolled().contains(g.group())) continue;
      List<Task> live = new ArrayList<>();
      List<Task> waiting = new ArrayList<>();
      for (Task t : tasks) {
        if (!t.group().equals(g.group())) continue;
        if (!t.state().isTerminal()) live.add(t);
        else if ((t.state() == TaskState.LOST || t.state() == TaskState.FAILED) && t.replacedBy() == null) waiting.add(t);
      }
      live.sort(Comparator.comparingInt(Task::index).reversed().thenComparing(Task::id));
      switch (g.kind()) {
        case UNCHANGED -> { }
        case ADDED -> {
          for (int i = 0; i < g.toCount(); i++) creates.add(new Slot(g.group(), i));
        }
        case REMOVED -> {
          for (Task t : live) stops.add(new Stop(t.id(), g.group(), t.index(), "group removed in job version " + toVersion));
        }
        case SCALED -> {
          for (Task t : live) {
            if (t.index() >= g.toCount()) stops.add(new Stop(t.id(), g.group(), t.index(), "scaled down to " + g.toCount() + " in job version " + toVersion));
          }
          // Only slots the old count did not have: a slot below it whose task is LOST or FAILED is
          // the rescheduler's to refill, by its policy, as before the change.
          for (int i = g.fromCount(); i < g.toCount(); i++) creates.add(new Slot(g.group(), i));
        }
        case REPLACED -> {
          for (Task t : live) stops.add(new Stop(t.id(), g.group(), t.index(), "replaced by job version " + toVersion));
          int first = creates.size();
          for (int i = 0; i < g.toCount(); i++) creates.add(new Slot(g.group(), i));
          waiting.sort(Comparator.comparing(Task::id));
          for (Task t : waiting) {
            if (t.index() < g.toCount()) retires.add(new Retire(t.id(), first + t.index()));
          }
        }
      }
    }
    return new UpdatePlan(stops, creates, retires);
  }
}
