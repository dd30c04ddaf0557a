package io.orchestrate.chaos.checker;

import io.orchestrate.core.model.Job;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every acknowledged update made a version of the job it named, and the version is kept: the
 * answer names the same job (a second job of that name would be a lost update) and a version no
 * other update got; the checker's read of the job's versions after the heal holds it (unless
 * {@link Job#KEPT_VERSIONS} newer ones pushed it out, as designed); and no linearizable read that
 * began after the acknowledgement shows the job at an older version.
 */
public final class AcknowledgedVersionsKept implements Invariant {
  @Override
  public String name() {
    return "acknowledged-versions-kept";
  }

  @Override
  public String meaning() {
    return "every acknowledged update made a new version of its job (not a second job, not a version another update got), the "
        + "version is among the job's kept versions after the heal, and no linearizable read after the acknowledgement shows an older one";
  }

  @Override
  public InvariantResult check(History h) {
    Map<String, List<Op>> acked = new HashMap<>();
    Map<String, Op> owner = new HashMap<>();
    long checked = 0;
    for (Op op : h.ops()) {
      if (op.kind() != OpKind.UPDATE || !op.ok()) continue;
      checked++;
      if (op.jobs().isEmpty()) return InvariantResult.fail(this, checked, op.describe() + " was acknowledged without a job in its answer");
      JobSeen answer = op.jobs().get(0);
      if (!answer.id().equals(op.jobId())) {
        return InvariantResult.fail(this, checked, op.describe() + " was answered with job " + answer.id() + ": a second job named "
            + op.name() + ", not a version of " + op.jobId());
      }
      if (answer.version() < 2) {
        return InvariantResult.fail(this, checked, op.describe() + " was answered with version " + answer.version()
            + "; a changed file for a live job makes version 2 or later");
      }
      Op before = owner.putIfAbsent(op.jobId() + "@" + answer.version(), op);
      if (before != null) {
        return InvariantResult.fail(this, checked, "version " + answer.version() + " of job " + op.jobId() + " was given to two updates: "
            + before.describe() + " and " + op.describe());
      }
      acked.computeIfAbsent(op.jobId(), k -> new ArrayList<>()).add(op);
    }
    for (Map.Entry<String, List<Op>> e : acked.entrySet()) {
      Optional<Op> read = h.ops().stream()
          .filter(o -> o.process() == Op.CHECKER_PROCESS && o.kind() == OpKind.READ_VERSIONS && o.ok() && e.getKey().equals(o.jobId()))
          .max(Comparator.comparingLong(Op::completeNanos));
      if (read.isEmpty()) return InvariantResult.fail(this, checked, "no read of the versions of updated job " + e.getKey() + " succeeded after the heal");
      TreeSet<Integer> kept = new TreeSet<>();
      read.get().jobs().forEach(j -> kept.add(j.version()));
      for (Op op : e.getValue()) {
        checked++;
        int v = op.jobs().get(0).version();
        boolean pushedOut = kept.size() >= Job.KEPT_VERSIONS && v < kept.first();
        if (!kept.contains(v) && !pushedOut) {
          return InvariantResult.fail(this, checked, "version " + v + " of job " + e.getKey() + ", acknowledged by " + op.describe()
              + ", is not among its kept versions " + kept + " in " + read.get().describe());
        }
      }
    }
    for (Op read : h.ops()) {
      if (!read.linearizableRead() || read.kind() == OpKind.READ_TASKS) continue;
      for (JobSeen j : read.jobs()) {
        if (j.version() == 0) continue;
        for (Op op : acked.getOrDefault(j.id(), List.of())) {
          if (op.completeNanos() >= read.invokeNanos()) continue;
          checked++;
          int v = op.jobs().get(0).version();
          if (j.version() < v) {
            return InvariantResult.fail(this, checked, read.describe() + " shows job " + j.id() + " at version " + j.version()
                + ", although " + op.describe() + " acknowledged version " + v + " before the read began; " + h.faultContext(read.invokeNanos()));
          }
        }
      }
    }
    return InvariantResult.pass(this, checked);
  }
}
