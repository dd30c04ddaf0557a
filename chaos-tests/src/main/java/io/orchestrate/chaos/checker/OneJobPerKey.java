package io.orchestrate.chaos.checker;

import java.util.HashMap;
import java.util.Map;

/**
 * Exactly-once submission: one idempotency key (one name: the clients give each key its own name)
 * yields one job id, whether it was acknowledged, retried after a timeout, or never answered. Two
 * ids for one name anywhere in the history (acknowledgements, any read) is a duplicate, which is
 * also how an info operation that took effect twice shows.
 */
public final class OneJobPerKey implements Invariant {
  @Override
  public String name() {
    return "one-job-per-idempotency-key";
  }

  @Override
  public String meaning() {
    return "each idempotency key produced at most one job id across every acknowledgement and every read (no duplicate, no info op applied twice)";
  }

  @Override
  public InvariantResult check(History h) {
    Map<String, String> idByName = new HashMap<>();
    Map<String, Op> firstWitness = new HashMap<>();
    Map<String, String> keyByName = new HashMap<>();
    long checked = 0;
    for (Op op : h.ops()) {
      if (op.kind() == OpKind.SUBMIT && op.key() != null) {
        String other = keyByName.putIfAbsent(op.name(), op.key());
        if (other != null && !other.equals(op.key())) {
          return InvariantResult.fail(this, checked, "history is malformed: name " + op.name() + " used with keys " + other + " and " + op.key());
        }
      }
      if (!op.ok()) continue;
      if (op.kind() == OpKind.SUBMIT) {
        checked++;
        String dup = record(idByName, firstWitness, op.name(), op.jobId(), op);
        if (dup != null) return InvariantResult.fail(this, checked, dup);
      }
      Map<String, String> inThisRead = new HashMap<>();
      for (JobSeen j : op.jobs()) {
        checked++;
        String before = inThisRead.put(j.name(), j.id());
        if (before != null && !before.equals(j.id())) {
          return InvariantResult.fail(this, checked, "duplicate: " + op.describe() + " saw two jobs named " + j.name() + " (" + before
              + " and " + j.id() + ") for key " + keyByName.get(j.name()));
        }
        String dup = record(idByName, firstWitness, j.name(), j.id(), op);
        if (dup != null) return InvariantResult.fail(this, checked, dup);
      }
    }
    return InvariantResult.pass(this, checked);
  }

  private static String record(Map<String, String> idByName, Map<String, Op> witness, String name, String id, Op op) {
    String known = idByName.putIfAbsent(name, id);
    if (known == null) {
      witness.put(name, op);
      return null;
    }
    if (known.equals(id)) return null;
    return "duplicate: name " + name + " is job " + known + " in " + witness.get(name).describe() + " but job " + id + " in " + op.describe();
  }
}
