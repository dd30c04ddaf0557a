package io.orchestrate.chaos.checker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The nemesis faults managers only, so no worker's tasks may be disturbed: a leader killed,
 * paused past the election timeout, isolated or split off must not make the managers declare a
 * node DOWN, mark a task LOST, or restart or move a running copy. Judged from the managers'
 * side (the observer's node lists; every linearizable task read, the final one included: no
 * LOST task, no in-place restart, no task whose container or node changed) and from the
 * workers' own journals: each task ran as exactly one copy; a copy ended only by exiting 0 (the
 * workload's {@code sleep} finishing) or after a client asked to stop or update its job; no worker
 * restarted; and every task the managers' final read shows RUNNING on a node runs there, as the
 * copy the managers name.
 *
 * <p>The counterexample is the earliest violation, with the fault in force or just healed then,
 * and how many violations there were in all.
 */
public final class WorkloadsUndisturbed implements Invariant {
  /** How much later than a copy's end the managers may still show it RUNNING: the worker's status batch and its trip. */
  static final Duration REPORT_LAG = Duration.ofSeconds(2);
  /** Slack between the run's monotonic clock and the workers' wall clocks (one host, one kernel clock). */
  static final Duration CLOCK_SLACK = Duration.ofMillis(250);

  @Override
  public String name() {
    return "workloads-undisturbed";
  }

  @Override
  public String meaning() {
    return "manager faults never disturb workers' tasks: no node DOWN, no task LOST, no copy restarted, moved or stopped unless "
        + "its job was stopped or updated, and every task the managers show RUNNING runs on its worker as the copy they name";
  }

  private record Violation(long atNanos, String what) {}

  @Override
  public InvariantResult check(History h) {
    List<Violation> found = new ArrayList<>();
    long checked = 0;
    checked += checkNodes(h, found);
    checked += checkTaskReads(h, found);
    checked += checkJournals(h, found);
    if (found.isEmpty()) return InvariantResult.pass(this, checked);
    found.sort(Comparator.comparingLong(Violation::atNanos));
    Violation first = found.get(0);
    String more = found.size() == 1 ? "" : " (" + (found.size() - 1) + " more violation(s) of this invariant in the run)";
    return InvariantResult.fail(this, checked, first.what + "; " + h.faultContext(first.atNanos) + more);
  }

  private static long checkNodes(History h, List<Violation> found) {
    long checked = 0;
    Set<String> reported = new HashSet<>();
    for (NodesSample s : h.nodeSamples()) {
      for (NodeSeen n : s.nodes()) {
        checked++;
        if ("DOWN".equals(n.state()) && reported.add(n.id())) {
          found.add(new Violation(s.invokeNanos(), "node " + n.id() + " was DOWN in the node list read at [" + History.at(s.invokeNanos())
              + ".." + History.at(s.completeNanos()) + "]" + (n.reason() == null ? "" : " (reason: " + n.reason() + ")")));
        }
      }
    }
    return checked;
  }

  private static long checkTaskReads(History h, List<Violation> found) {
    long checked = 0;
    Map<String, TaskSeen> firstCopy = new HashMap<>();
    Map<String, Op> firstWitness = new HashMap<>();
    Set<String> reported = new HashSet<>();
    for (Op op : h.ops()) {
      if (!op.linearizableRead() || op.kind() != OpKind.READ_TASKS) continue;
      for (TaskSeen t : op.tasks()) {
        checked++;
        String task = "task " + t.id() + " (" + t.jobId() + "/" + t.name() + "/" + t.index() + ")";
        if ("LOST".equals(t.state()) && reported.add(t.id() + "/lost")) {
          found.add(new Violation(op.invokeNanos(), task + " is LOST on " + t.node() + " in " + op.describe()));
        }
        if (t.restarts() > 0 && reported.add(t.id() + "/restarts")) {
          found.add(new Violation(op.invokeNanos(), task + " was restarted in place " + t.restarts() + " time(s) by " + op.describe()));
        }
        if (t.node() == null || t.containerId() == null) continue;
        TaskSeen before = firstCopy.putIfAbsent(t.id(), t);
        if (before == null) {
          firstWitness.put(t.id(), op);
        } else if ((!before.node().equals(t.node()) || !before.containerId().equals(t.containerId())) && reported.add(t.id() + "/copy")) {
          found.add(new Violation(op.invokeNanos(), task + " ran as " + before.containerId() + " on " + before.node() + " in "
              + firstWitness.get(t.id()).describe() + " but as " + t.containerId() + " on " + t.node() + " in " + op.describe()));
        }
      }
    }
    return checked;
  }

  private static long checkJournals(History h, List<Violation> found) {
    if (h.workers().isEmpty()) {
      found.add(new Violation(h.healedNanos(), "no worker journal was read: nothing says whether copies were disturbed"));
      return 0;
    }
    long firstOp = h.ops().stream().mapToLong(Op::invokeNanos).min().orElse(h.healedNanos());
    // A job's earliest stop request, or update (which replaces its copies), that may have happened (acknowledged or unknown).
    Map<String, Long> stopAsked = new HashMap<>();
    for (Op op : h.ops()) {
      if ((op.kind() == OpKind.STOP || op.kind() == OpKind.UPDATE) && op.outcome() != Outcome.FAIL) {
        stopAsked.merge(op.jobId(), op.invokeNanos(), Math::min);
      }
    }
    Map<String, List<String>> copiesOfTask = new HashMap<>();
    Map<String, Map<String, CopySeen>> byNodeAndHandle = new HashMap<>();
    long checked = 0;
    for (WorkerCopies w : h.workers()) {
      if (w.error() != null) {
        found.add(new Violation(h.healedNanos(), "the journal of worker " + w.node() + " could not be read: " + w.error()));
        continue;
      }
      if (w.dropped() > 0) {
        found.add(new Violation(h.healedNanos(), "the journal of worker " + w.node() + " dropped " + w.dropped() + " copies; it cannot be judged"));
      }
      long since = h.nanosOfWall(w.sinceMillis());
      if (since > firstOp) {
        found.add(new Violation(since, "worker " + w.node() + " restarted during the run: its journal begins at " + History.at(since)
            + ", after the first operation at " + History.at(firstOp)));
      }
      Map<String, CopySeen> handles = byNodeAndHandle.computeIfAbsent(w.node(), k -> new HashMap<>());
      for (CopySeen c : w.copies()) {
        checked++;
        handles.put(c.taskId() + "\u0000" + c.handle(), c);
        List<String> copies = copiesOfTask.computeIfAbsent(c.taskId(), k -> new ArrayList<>());
        copies.add(NoTaskRunningTwice.describe(h, w.node(), c));
        if (copies.size() == 2) {
          found.add(new Violation(h.nanosOfWall(c.startedAtMillis()), "task " + c.taskId() + " of job " + c.jobId()
              + " was started again (restarted or moved): " + copies.get(0) + ", then " + copies.get(1)));
        }
        if (c.running() || Integer.valueOf(0).equals(c.exitCode())) continue;
        long end = h.nanosOfWall(c.endedAtMillis());
        Long asked = stopAsked.get(c.jobId());
        if (asked == null || asked > end + CLOCK_SLACK.toNanos()) {
          found.add(new Violation(end, NoTaskRunningTwice.describe(h, w.node(), c) + " ended, but "
              + (asked == null ? "no client asked to stop or update job " + c.jobId() : "the first stop or update of job " + c.jobId() + " was only asked at "
              + History.at(asked))));
        }
      }
    }
    checked += checkFinalRead(h, byNodeAndHandle, found);
    return checked;
  }

  /** Every task the managers' final task read shows RUNNING runs on that node as the copy named (or ended just before the read). */
  private static long checkFinalRead(History h, Map<String, Map<String, CopySeen>> journals, List<Violation> found) {
    Optional<Op> fin = h.ops().stream()
        .filter(o -> o.process() == Op.CHECKER_PROCESS && o.kind() == OpKind.READ_TASKS && o.linearizableRead())
        .max(Comparator.comparingLong(Op::completeNanos));
    if (fin.isEmpty()) {
      found.add(new Violation(h.healedNanos(), "no final linearizable read of the tasks succeeded after the heal"));
      return 0;
    }
    long checked = 0;
    for (TaskSeen t : fin.get().tasks()) {
      if (!"RUNNING".equals(t.state()) || t.node() == null) continue;
      checked++;
      Map<String, CopySeen> journal = journals.get(t.node());
      if (journal == null || t.containerId() == null) continue; // no journal: reported above; no container named: nothing to compare
      CopySeen c = journal.get(t.id() + "\u0000" + t.containerId());
      String task = "task " + t.id() + " (" + t.jobId() + "/" + t.name() + "/" + t.index() + ")";
      if (c == null) {
        found.add(new Violation(fin.get().invokeNanos(), fin.get().describe() + " shows " + task + " RUNNING on " + t.node() + " as "
            + t.containerId() + ", but " + t.node() + "'s journal has no such copy"));
      } else if (!c.running() && h.nanosOfWall(c.endedAtMillis()) < fin.get().invokeNanos() - REPORT_LAG.toNanos()) {
        found.add(new Violation(fin.get().invokeNanos(), fin.get().describe() + " shows " + task + " RUNNING on " + t.node()
            + ", but its " + NoTaskRunningTwice.describe(h, t.node(), c)));
      }
    }
    return checked;
  }
}
