package io.orchestrate.chaos.checker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * No task runs on two workers at once. Judged first from the workers' own journals, which record
 * every copy each worker started and when it ended: two copies of one task id, or of one task
 * instance (job, task name, index and job version: a replacement task), on two different workers
 * must never have run at one moment. Tasks of two versions of a job are two instances: an update
 * may start the new version's copy before the old one stops (a start-first rollout does so by
 * design); a task's version comes from the task reads. The journals' intervals are widened (start taken before the start
 * call, end after the stop returned), so an overlap cannot hide in the workers' timing. Then from
 * the managers' records in linearizable task reads: within one read, one task instance is
 * RUNNING on at most one node; across reads, a task id once seen RUNNING on a node is never seen
 * RUNNING on another.
 */
public final class NoTaskRunningTwice implements Invariant {
  @Override
  public String name() {
    return "no-task-running-twice";
  }

  @Override
  public String meaning() {
    return "in the workers' own journals no task id or task instance (of one job version) has copies on two workers at one moment; in the managers' "
        + "linearizable task reads no task instance is RUNNING on two workers and no task id on two workers over time";
  }

  private record Placed(String node, CopySeen copy) {}

  @Override
  public InvariantResult check(History h) {
    long checked = 0;
    if (h.workers().isEmpty()) return InvariantResult.fail(this, 0, "no worker journal was read: nothing says where copies ran");
    Map<String, List<Placed>> byTask = new HashMap<>();
    Map<String, List<Placed>> byInstance = new HashMap<>();
    Map<String, Integer> versionOf = new HashMap<>();
    for (Op op : h.ops()) {
      for (TaskSeen t : op.tasks()) {
        if (t.jobVersion() > 0) versionOf.put(t.id(), t.jobVersion());
      }
    }
    for (WorkerCopies w : h.workers()) {
      if (w.error() != null) return InvariantResult.fail(this, 0, "the journal of worker " + w.node() + " could not be read: " + w.error());
      for (CopySeen c : w.copies()) {
        checked++;
        Placed p = new Placed(w.node(), c);
        String overlap = overlapOnAnotherWorker(h, byTask.computeIfAbsent(c.taskId(), k -> new ArrayList<>()), p, "task " + c.taskId());
        if (overlap == null) {
          String slot = c.jobId() + "/" + c.group() + "/" + c.index() + version(versionOf.getOrDefault(c.taskId(), 0));
          overlap = overlapOnAnotherWorker(h, byInstance.computeIfAbsent(slot, k -> new ArrayList<>()), p, "task instance " + slot);
        }
        if (overlap != null) return InvariantResult.fail(this, checked, overlap);
      }
    }
    Map<String, String> nodeOfTask = new HashMap<>();
    Map<String, Op> witness = new HashMap<>();
    for (Op op : h.ops()) {
      if (!op.linearizableRead() || op.kind() != OpKind.READ_TASKS) continue;
      Map<String, TaskSeen> instance = new HashMap<>();
      for (TaskSeen t : op.tasks()) {
        if (!"RUNNING".equals(t.state()) || t.node() == null) continue;
        checked++;
        String slot = t.jobId() + "/" + t.name() + "/" + t.index() + version(t.jobVersion());
        TaskSeen other = instance.putIfAbsent(slot, t);
        if (other != null && !other.node().equals(t.node())) {
          return InvariantResult.fail(this, checked, op.describe() + " shows " + slot + " RUNNING on " + other.node() + " (task "
              + other.id() + ") and on " + t.node() + " (task " + t.id() + ")");
        }
        String before = nodeOfTask.putIfAbsent(t.id(), t.node());
        if (before == null) {
          witness.put(t.id(), op);
        } else if (!before.equals(t.node())) {
          return InvariantResult.fail(this, checked, "task " + t.id() + " was RUNNING on " + before + " in " + witness.get(t.id()).describe()
              + " and on " + t.node() + " in " + op.describe());
        }
      }
    }
    return InvariantResult.pass(this, checked);
  }

  /** The version part of an instance's name: none for a first version or an unknown one, so older histories read as before. */
  private static String version(int v) {
    return v > 1 ? "@v" + v : "";
  }

  /** Adds {@code p} to {@code seen}; the counterexample if it overlaps a copy on another worker, else null. */
  private static String overlapOnAnotherWorker(History h, List<Placed> seen, Placed p, String what) {
    for (Placed q : seen) {
      if (!q.node.equals(p.node) && q.copy.overlaps(p.copy)) {
        return what + " ran on two workers at once, by their own journals: " + describe(h, q) + " and " + describe(h, p);
      }
    }
    seen.add(p);
    return null;
  }

  static String describe(History h, String node, CopySeen c) {
    long start = h.nanosOfWall(c.startedAtMillis());
    String end = c.running() ? "still running at the end" : "until " + History.at(h.nanosOfWall(c.endedAtMillis())) + " (" + c.endReason() + ")";
    return "copy " + c.handle() + " of task " + c.taskId() + " generation " + c.generation() + " on " + node + " from "
        + History.at(start) + " " + end;
  }

  private static String describe(History h, Placed p) {
    return describe(h, p.node, p.copy);
  }
}
