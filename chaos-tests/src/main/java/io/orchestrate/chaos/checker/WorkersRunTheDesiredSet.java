package io.orchestrate.chaos.checker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * After the final heal every worker runs exactly the set the leader wants on it, by the worker's
 * own journal: one copy of each task the leader holds SCHEDULED or RUNNING there, and nothing
 * else. A copy of a stopped (or finished, or moved) task left running is a lost stop on the worker
 * side, which the managers' records cannot show: they say STOPPED whatever the worker does. A
 * desired task with no running copy is a lost start. ChaosRun polls for a bounded time until both
 * sides agree, so this judges the last look it took at each worker.
 */
public final class WorkersRunTheDesiredSet implements Invariant {
  /** Tasks named per list in a counterexample; the rest are counted. */
  private static final int NAMED = 5;

  @Override
  public String name() {
    return "workers-run-desired-set";
  }

  @Override
  public String meaning() {
    return "after the final heal each worker's own journal shows exactly one running copy of every task the leader holds SCHEDULED "
        + "or RUNNING on it, and no copy of any other task (no copy of a stopped task left running)";
  }

  @Override
  public InvariantResult check(History h) {
    if (h.desiredVsRunning().isEmpty()) {
      return InvariantResult.fail(this, 0, "no comparison of a worker's running copies with the leader's desired set was recorded after "
          + "the heal: nothing says whether stopped tasks were stopped");
    }
    Set<String> observed = new HashSet<>();
    for (DesiredVsRunning o : h.desiredVsRunning()) observed.add(o.node());
    for (WorkerCopies w : h.workers()) {
      if (!observed.contains(w.node())) {
        return InvariantResult.fail(this, 0, "worker " + w.node() + " has no comparison of its running copies with the leader's desired set");
      }
    }
    long checked = 0;
    List<String> problems = new ArrayList<>();
    for (DesiredVsRunning o : h.desiredVsRunning()) {
      if (o.error() != null) {
        problems.add("worker " + o.node() + ": its running copies could not be compared with the leader's desired set after the heal: "
            + o.error());
        continue;
      }
      checked += o.desired().size() + o.running().size();
      if (!o.settled()) problems.add(describe(h, o));
    }
    return problems.isEmpty() ? InvariantResult.pass(this, checked) : InvariantResult.fail(this, checked, String.join("; ", problems));
  }

  /** What differs on one worker, extra copies first: they are the lost stops. */
  private static String describe(History h, DesiredVsRunning o) {
    Set<String> desired = new HashSet<>(o.desired());
    Set<String> runningIds = new HashSet<>();
    List<String> extra = new ArrayList<>();
    for (CopySeen c : o.running()) {
      boolean first = runningIds.add(c.taskId());
      if (!desired.contains(c.taskId())) {
        extra.add(extraCopy(h, o, c));
      } else if (!first) {
        extra.add("a second copy of task " + c.taskId() + " " + copy(h, c) + " still running on " + o.node());
      }
    }
    List<String> missing = o.desired().stream().filter(id -> !runningIds.contains(id)).toList();
    StringBuilder b = new StringBuilder("worker ").append(o.node()).append(" does not run the leader's desired set for it at ")
        .append(History.at(o.atNanos())).append(String.format(" (%.1f s after the final heal, the last look)", (o.atNanos() - h.healedNanos()) / 1e9));
    if (!extra.isEmpty()) b.append(": ").append(named(extra));
    if (!missing.isEmpty()) {
      b.append(extra.isEmpty() ? ": " : "; ").append("desired but not running on ").append(o.node()).append(": ").append(named(missing));
    }
    return b.toString();
  }

  private static String extraCopy(History h, DesiredVsRunning o, CopySeen c) {
    String state = o.leaderStates().get(c.taskId());
    String copy = copy(h, c) + " still running on " + o.node();
    if ("STOPPED".equals(state)) return "copy of stopped task " + c.taskId() + " " + copy;
    String leader = state == null ? "the leader does not know the task" : "the leader holds it " + state;
    return "copy of task " + c.taskId() + " " + copy + " (" + leader + ")";
  }

  private static String copy(History h, CopySeen c) {
    return "(job " + c.jobId() + ", generation " + c.generation() + ", " + c.handle() + " started " + History.at(h.nanosOfWall(c.startedAtMillis()))
        + ")";
  }

  private static String named(List<String> items) {
    String head = String.join(", ", items.subList(0, Math.min(NAMED, items.size())));
    return items.size() <= NAMED ? head : head + " and " + (items.size() - NAMED) + " more";
  }
}
