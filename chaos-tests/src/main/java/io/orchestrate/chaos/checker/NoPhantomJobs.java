package io.orchestrate.chaos.checker;

import java.util.HashMap;
import java.util.Map;

/**
 * No job nobody submitted, and no job from a submission known to have failed: every job any read
 * saw has the name of a submission whose outcome was ok or info.
 */
public final class NoPhantomJobs implements Invariant {
  @Override
  public String name() {
    return "no-phantom-jobs";
  }

  @Override
  public String meaning() {
    return "every job any read saw comes from a submission that was acknowledged or of unknown outcome (never from nothing, never from a failed one)";
  }

  @Override
  public InvariantResult check(History h) {
    // name -> strongest outcome of its submissions (OK or INFO beats FAIL: one attempt may have landed)
    Map<String, Outcome> submitted = new HashMap<>();
    for (Op op : h.ops()) {
      if (op.kind() != OpKind.SUBMIT) continue;
      submitted.merge(op.name(), op.outcome(), (a, b) -> a == Outcome.FAIL ? b : a);
    }
    long checked = 0;
    for (Op op : h.ops()) {
      if (!op.ok()) continue;
      for (JobSeen j : op.jobs()) {
        checked++;
        Outcome o = submitted.get(j.name());
        if (o == null) {
          return InvariantResult.fail(this, checked, "phantom: " + op.describe() + " saw job " + j.id() + " named " + j.name()
              + ", which no client submitted");
        }
        if (o == Outcome.FAIL) {
          return InvariantResult.fail(this, checked, "failed submit took effect: " + op.describe() + " saw job " + j.id()
              + " named " + j.name() + ", whose every submission failed");
        }
      }
    }
    return InvariantResult.pass(this, checked);
  }
}
