package io.orchestrate.chaos.checker;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * No acknowledged write is lost: every job whose submission was acknowledged is in the final read
 * under the id it was acknowledged with, and every acknowledged stop shows there as stopped.
 */
public final class AcknowledgedWritesSurvive implements Invariant {
  @Override
  public String name() {
    return "acknowledged-writes-survive";
  }

  @Override
  public String meaning() {
    return "every acknowledged submit is in the final linearizable read with its id, every acknowledged stop shows as stopped";
  }

  @Override
  public InvariantResult check(History h) {
    Optional<Op> fin = FinalRead.of(h);
    if (fin.isEmpty()) return InvariantResult.fail(this, 0, "no final linearizable read of the job list succeeded after the heal");
    Map<String, JobSeen> present = new HashMap<>();
    for (JobSeen j : fin.get().jobs()) present.put(j.id(), j);
    long checked = 0;
    for (Op op : h.ops()) {
      if (!op.ok() || op.process() == Op.CHECKER_PROCESS) continue;
      if (op.kind() == OpKind.SUBMIT) {
        checked++;
        JobSeen j = present.get(op.jobId());
        if (j == null) {
          return InvariantResult.fail(this, checked, "lost write: " + op.describe() + " was acknowledged, but the final read "
              + fin.get().describe() + " (" + fin.get().jobs().size() + " jobs) does not contain job " + op.jobId());
        }
        if (!j.name().equals(op.name())) {
          return InvariantResult.fail(this, checked, "job " + op.jobId() + " was acknowledged for " + op.describe()
              + " but the final read shows it named " + j.name());
        }
      } else if (op.kind() == OpKind.STOP) {
        checked++;
        JobSeen j = present.get(op.jobId());
        if (j == null || !j.stopped()) {
          return InvariantResult.fail(this, checked, "lost stop: " + op.describe() + " was acknowledged, but the final read shows "
              + (j == null ? "no such job" : "it not stopped"));
        }
      }
    }
    return InvariantResult.pass(this, checked);
  }
}
