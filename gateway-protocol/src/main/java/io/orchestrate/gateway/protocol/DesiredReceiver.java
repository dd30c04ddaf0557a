package io.orchestrate.gateway.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The worker's end of versioned desired sets on one connection: assembles the parts of a full set,
 * applies deltas in order, and turns away whatever does not fit (a duplicate, a frame from before
 * the current version, a delta whose base is not the version held). It never guesses: a frame it
 * cannot place leaves the set as it was, and the version and digest it reports in the next
 * heartbeat tell the leader to send a fresh full set. Not thread-safe: one connection's thread
 * feeds it, as the worker's gateway client and simulated fleets do.
 */
public final class DesiredReceiver {
  private final Map<String, DesiredTask> set = new LinkedHashMap<>();
  private long version;
  private long digest = DesiredDigest.EMPTY;
  /** Parts received so far of the full set of {@link #assembling}, by part number. */
  private final Map<Integer, List<DesiredTask>> parts = new TreeMap<>();
  private long assembling;
  private long ignored;

  /** A new connection: versions start again, and nothing is held until its first complete set. */
  public void reset() {
    set.clear();
    version = 0;
    digest = DesiredDigest.EMPTY;
    parts.clear();
    assembling = 0;
  }

  /** The version of the set held on this connection, 0 before the first complete one. */
  public long version() {
    return version;
  }

  /** The digest of the set held. */
  public long digest() {
    return digest;
  }

  /** Frames turned away since this receiver was made. */
  public long ignored() {
    return ignored;
  }

  /**
   * Takes one frame. Returns the whole set to run when the frame completes or changes it, or null
   * when it changes nothing yet (a part of a set still incomplete) or was turned away.
   */
  public Desired accept(Desired d) {
    if (!d.isVersioned()) {
      // A leader of an older release: every frame is the whole truth.
      replace(d.tasks(), 0);
      return d;
    }
    long v = d.version();
    if (v <= version) return ignore();
    if (d.isDelta()) {
      if (d.base() != version) return ignore();
      for (String id : d.removed()) {
        DesiredTask gone = set.remove(id);
        if (gone != null) digest ^= DesiredDigest.of(gone.taskId(), gone.generation());
      }
      for (DesiredTask t : d.tasks()) {
        DesiredTask old = set.put(t.taskId(), t);
        if (old != null) digest ^= DesiredDigest.of(old.taskId(), old.generation());
        digest ^= DesiredDigest.of(t.taskId(), t.generation());
      }
      version = v;
      return whole(d);
    }
    if (v < assembling) return ignore();
    if (v > assembling) {
      parts.clear();
      assembling = v;
    }
    parts.put(d.part(), d.tasks());
    if (parts.size() < d.parts()) return null;
    List<DesiredTask> all = new ArrayList<>();
    parts.values().forEach(all::addAll);
    parts.clear();
    assembling = 0;
    replace(all, v);
    return whole(d);
  }

  private void replace(List<DesiredTask> tasks, long v) {
    set.clear();
    for (DesiredTask t : tasks) set.put(t.taskId(), t);
    digest = DesiredDigest.ofTasks(set.values());
    version = v;
  }

  private Desired whole(Desired d) {
    return new Desired(d.term(), d.nodeId(), new ArrayList<>(set.values()));
  }

  private Desired ignore() {
    ignored++;
    return null;
  }
}
