package io.orchestrate.gateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tasks the leader wants {@code nodeId} to run. It is the only way the leader starts or stops
 * a worker's tasks, and it is level-triggered: the worker starts what is missing from the set and
 * stops whatever it runs that is not in it.
 *
 * <p><b>Versioned sets (v2).</b> To a worker that registered with
 * {@link Register#versionedDesired()}, the leader numbers every set it sends on a connection:
 * {@code version} grows by one per frame. A frame is either
 * <ul>
 *   <li>a <em>full set</em> ({@code base} 0), split into {@code parts} frames of one version,
 *       numbered by {@code part} from 1; the worker replaces its set once it holds every part, so
 *       that a half-received set never stops the tasks listed in the missing parts; or
 *   <li>a <em>delta</em> on top of version {@code base}: {@code tasks} are added or replace the
 *       task of the same id, {@code removed} are dropped. The worker applies it only when its set
 *       is at exactly {@code base}; otherwise it ignores it and its next heartbeat shows the gap.
 * </ul>
 * The worker reports the version and {@link DesiredDigest digest} it holds in every
 * {@link Heartbeat}; the leader sends a fresh full set whenever they disagree with what it sent.
 * Every frame stays under {@link DesiredFrames#BUDGET_BYTES} whatever the size of the set.
 *
 * <p><b>Unversioned sets (v1).</b> {@code version} 0: one frame with the whole set, as sent to a
 * worker that did not ask for versions (and as read from a leader of an older release).
 *
 * @param version  0 for an unversioned set, else this frame's version on the connection
 * @param base     0 for a full set (or part of one), else the version this delta applies to
 * @param part     1-based part number of a full set; 0 for an unversioned set or a delta
 * @param parts    how many parts the full set has; 0 for an unversioned set or a delta
 * @param removed  task ids a delta drops; empty otherwise
 */
public record Desired(
    long term,
    String nodeId,
    List<DesiredTask> tasks,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long version,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long base,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer part,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer parts,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> removed) implements LeaderMessage {

  public Desired {
    Checks.term(term, "desired");
    Checks.text(nodeId, "desired.nodeId");
    tasks = Checks.list(tasks, "desired.tasks");
    removed = Checks.list(removed, "desired.removed");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < tasks.size(); i++) {
      if (!ids.add(tasks.get(i).taskId())) {
        throw new IllegalArgumentException("desired.tasks[" + i + "].taskId '" + tasks.get(i).taskId() + "' is listed twice");
      }
    }
    for (int i = 0; i < removed.size(); i++) {
      if (!ids.add(removed.get(i))) {
        throw new IllegalArgumentException("desired.removed[" + i + "] '" + removed.get(i) + "' is listed twice or also as a task");
      }
    }
    long v = version == null ? 0 : Checks.notNegative(version, "desired.version");
    long b = base == null ? 0 : Checks.notNegative(base, "desired.base");
    int p = part == null ? 0 : (int) Checks.notNegative(part, "desired.part");
    int n = parts == null ? 0 : (int) Checks.notNegative(parts, "desired.parts");
    if (v == 0) {
      if (b != 0 || p != 0 || n != 0 || !removed.isEmpty()) {
        throw new IllegalArgumentException("desired.version is 0 (an unversioned set), so base, part, parts and removed must be absent");
      }
      version = null;
      base = null;
      part = null;
      parts = null;
    } else if (b == 0) {
      if (n < 1 || p < 1 || p > n) {
        throw new IllegalArgumentException("desired.part must be between 1 and desired.parts (" + n + ") in a full set, was " + p);
      }
      if (!removed.isEmpty()) throw new IllegalArgumentException("desired.removed is only for a delta (base > 0)");
    } else {
      if (b >= v) throw new IllegalArgumentException("desired.base (" + b + ") must be below desired.version (" + v + ")");
      if (p != 0 || n != 0) throw new IllegalArgumentException("desired.part and desired.parts are only for a full set (base 0)");
      part = null;
      parts = null;
    }
  }

  /** An unversioned full set in one frame. */
  public Desired(long term, String nodeId, List<DesiredTask> tasks) {
    this(term, nodeId, tasks, null, null, null, null, List.of());
  }

  /** Part {@code part} of {@code parts} of the full set of version {@code version}. */
  public static Desired fullPart(long term, String nodeId, long version, int part, int parts, List<DesiredTask> tasks) {
    return new Desired(term, nodeId, tasks, version, 0L, part, parts, List.of());
  }

  /** A delta taking a worker from {@code base} to {@code version}. */
  public static Desired delta(long term, String nodeId, long version, long base, List<DesiredTask> upserts, List<String> removed) {
    return new Desired(term, nodeId, upserts, version, base, null, null, removed);
  }

  /** This frame's version, 0 for an unversioned set. */
  public long versionOrZero() {
    return version == null ? 0 : version;
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isVersioned() {
    return version != null;
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isDelta() {
    return base != null && base > 0;
  }

  @Override
  public MessageType type() {
    return MessageType.DESIRED;
  }

  @Override
  public int wireVersion() {
    return isVersioned() ? 2 : 1;
  }
}
