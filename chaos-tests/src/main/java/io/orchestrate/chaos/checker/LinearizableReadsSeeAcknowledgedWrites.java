package io.orchestrate.chaos.checker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jepsen's set semantics for linearizable reads: a read that began after a submission was
 * acknowledged contains that job; after a stop was acknowledged, shows it stopped; and a job that
 * some read already returned before this read began is not missing from it (no read goes back in
 * time). Stale reads promise none of this and are not checked here.
 */
public final class LinearizableReadsSeeAcknowledgedWrites implements Invariant {
  @Override
  public String name() {
    return "linearizable-reads-see-acknowledged-writes";
  }

  @Override
  public String meaning() {
    return "a non-stale read that began after a submit (stop) was acknowledged, or after another read returned a job, shows that job (stopped)";
  }

  private record Fact(long at, String jobId, boolean stop, Op witness) {}

  @Override
  public InvariantResult check(History h) {
    // Only the earliest time each fact became known matters: every later read is bound by it too.
    Map<String, Fact> earliest = new HashMap<>();
    for (Op op : h.ops()) {
      if (!op.ok()) continue;
      if (op.kind() == OpKind.SUBMIT) learn(earliest, new Fact(op.completeNanos(), op.jobId(), false, op));
      if (op.kind() == OpKind.STOP) learn(earliest, new Fact(op.completeNanos(), op.jobId(), true, op));
      if (op.linearizableRead() && op.kind() == OpKind.READ_JOBS) {
        for (JobSeen j : op.jobs()) learn(earliest, new Fact(op.completeNanos(), j.id(), false, op));
      }
    }
    List<Fact> facts = new ArrayList<>(earliest.values());
    facts.sort(Comparator.comparingLong(Fact::at));
    long checked = 0;
    for (Op read : h.ops()) {
      if (!read.linearizableRead() || read.kind() == OpKind.READ_TASKS) continue;
      checked++;
      Map<String, JobSeen> seen = new HashMap<>();
      for (JobSeen j : read.jobs()) seen.put(j.id(), j);
      String scope = read.kind() == OpKind.READ_JOB ? read.jobId() : null;
      for (Fact f : facts) {
        if (f.at >= read.invokeNanos()) break;
        if (scope != null && !scope.equals(f.jobId)) continue;
        JobSeen j = seen.get(f.jobId);
        if (j == null) {
          return InvariantResult.fail(this, checked, "stale linearizable read: " + read.describe() + " does not contain job " + f.jobId
              + ", although " + f.witness.describe() + " " + (f.witness.kind() == OpKind.SUBMIT ? "acknowledged it" : "returned it")
              + " before the read began");
        }
        if (f.stop && !j.stopped()) {
          return InvariantResult.fail(this, checked, "stale linearizable read: " + read.describe() + " shows job " + f.jobId
              + " running, although " + f.witness.describe() + " acknowledged its stop before the read began");
        }
      }
    }
    return InvariantResult.pass(this, checked);
  }

  private static void learn(Map<String, Fact> earliest, Fact f) {
    earliest.merge(f.jobId + (f.stop ? "/stop" : ""), f, (a, b) -> a.at <= b.at ? a : b);
  }
}
