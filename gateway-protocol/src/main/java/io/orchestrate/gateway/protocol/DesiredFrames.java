package io.orchestrate.gateway.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a desired set (or a change to one) into {@link Desired} frames that each stay far below
 * the frame limit, whatever the size of the set: the number of frames grows with the set, never the
 * size of one. Sizes are estimated without encoding (the leader would otherwise encode every task
 * twice): each string counts twice its length, which covers UTF-8 and JSON's escapes of ordinary
 * text; even a string of nothing but control characters (six bytes each when escaped) keeps a
 * frame under three times the budget, so within 1 MiB.
 */
public final class DesiredFrames {
  /** Estimated bytes per frame; a single task larger than this travels alone. */
  public static final int BUDGET_BYTES = 128 * 1024;
  /** The envelope, term, node id and version fields of a frame. */
  private static final int FRAME_OVERHEAD = 256;

  private DesiredFrames() {}

  /** The full set as parts of one version, at least one (an empty set is one empty part). */
  public static List<Desired> full(long term, String nodeId, long version, List<DesiredTask> tasks, int budgetBytes) {
    List<List<DesiredTask>> chunks = chunk(tasks, budgetBytes);
    List<Desired> out = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) out.add(Desired.fullPart(term, nodeId, version, i + 1, chunks.size(), chunks.get(i)));
    return out;
  }

  /**
   * A change as a chain of deltas, the first on top of {@code base}, each next one on top of the
   * one before: versions {@code base + 1, base + 2, ...}. Removals go first, so that resources
   * they free on the worker are free before the tasks that take them start. Empty when there is
   * nothing to change.
   */
  public static List<Desired> deltas(long term, String nodeId, long base, List<DesiredTask> upserts, List<String> removed, int budgetBytes) {
    List<Desired> out = new ArrayList<>();
    long version = base;
    List<String> ids = new ArrayList<>();
    int bytes = FRAME_OVERHEAD;
    for (String id : removed) {
      int size = 2 * id.length() + 4;
      if (!ids.isEmpty() && bytes + size > budgetBytes) {
        out.add(Desired.delta(term, nodeId, version + 1, version, List.of(), ids));
        version++;
        ids = new ArrayList<>();
        bytes = FRAME_OVERHEAD;
      }
      ids.add(id);
      bytes += size;
    }
    List<DesiredTask> tasks = new ArrayList<>();
    for (DesiredTask t : upserts) {
      int size = estimate(t);
      if ((!ids.isEmpty() || !tasks.isEmpty()) && bytes + size > budgetBytes) {
        out.add(Desired.delta(term, nodeId, version + 1, version, tasks, ids));
        version++;
        ids = new ArrayList<>();
        tasks = new ArrayList<>();
        bytes = FRAME_OVERHEAD;
      }
      tasks.add(t);
      bytes += size;
    }
    if (!ids.isEmpty() || !tasks.isEmpty()) out.add(Desired.delta(term, nodeId, version + 1, version, tasks, ids));
    return out;
  }

  private static List<List<DesiredTask>> chunk(List<DesiredTask> tasks, int budgetBytes) {
    List<List<DesiredTask>> chunks = new ArrayList<>();
    List<DesiredTask> current = new ArrayList<>();
    int bytes = FRAME_OVERHEAD;
    for (DesiredTask t : tasks) {
      int size = estimate(t);
      if (!current.isEmpty() && bytes + size > budgetBytes) {
        chunks.add(current);
        current = new ArrayList<>();
        bytes = FRAME_OVERHEAD;
      }
      current.add(t);
      bytes += size;
    }
    chunks.add(current);
    return chunks;
  }

  /** An upper estimate of a task's encoded size for ordinary text (see the class comment). */
  static int estimate(DesiredTask t) {
    long n = 400; // field names, numbers, resources, restart policy, punctuation
    n += text(t.taskId()) + text(t.jobId()) + text(t.group()) + text(t.image()) + text(t.network()) + text(t.user());
    for (String c : t.command()) n += text(c) + 3;
    for (Map.Entry<String, String> e : t.env().entrySet()) n += text(e.getKey()) + text(e.getValue()) + 6;
    for (Map.Entry<String, String> e : t.secrets().values().entrySet()) n += text(e.getKey()) + text(e.getValue()) + 6;
    if (t.health() != null) {
      n += 200;
      if (t.health().command() != null) for (String c : t.health().command()) n += text(c) + 3;
      n += text(t.health().path());
    }
    return (int) Math.min(Integer.MAX_VALUE, n);
  }

  private static long text(String s) {
    return s == null ? 0 : 2L * s.length() + 2;
  }
}
