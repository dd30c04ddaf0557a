package io.orchestrate.manager.state;

import io.orchestrate.core.command.CollectGarbage;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The leader's side of garbage collection: which records a collection at the given cutoffs would
 * remove, oldest first, at most {@link #MAX_JOBS} jobs and {@link #MAX_NODES} nodes per command so
 * that one log entry (and the deletes it writes) stays small. Scans every job and node of the
 * image, so it runs where the leader decides, once per collection, never in apply. The caller
 * brings the time.
 */
public final class GarbagePlanner {
  public static final int MAX_JOBS = 1000;
  public static final int MAX_NODES = 1000;

  private GarbagePlanner() {}

  /**
   * @param command   what to propose, or null when nothing is collectable
   * @param remaining collectable records left out by the bounds, for a later command
   */
  public record Plan(CollectGarbage command, int remaining) {}

  private record Ended(String id, long at) {}

  /** @param jobsEndedBy {@link Long#MIN_VALUE} to collect no jobs; likewise {@code nodesDownBy} */
  public static Plan plan(StateImage s, long jobsEndedBy, long nodesDownBy, long atMillis) {
    List<Ended> jobs = new ArrayList<>();
    if (jobsEndedBy != Long.MIN_VALUE) {
      for (Job j : s.jobs().values()) {
        OptionalLong at = Collectable.endedAt(s, j);
        if (at.isPresent() && at.getAsLong() <= jobsEndedBy) jobs.add(new Ended(j.id(), at.getAsLong()));
      }
    }
    List<Ended> nodes = new ArrayList<>();
    if (nodesDownBy != Long.MIN_VALUE) {
      for (Node n : s.nodes().values()) {
        if (Collectable.node(s, n, nodesDownBy)) nodes.add(new Ended(n.id(), n.updatedAtMillis()));
      }
    }
    if (jobs.isEmpty() && nodes.isEmpty()) return new Plan(null, 0);
    Comparator<Ended> oldestFirst = Comparator.comparingLong(Ended::at).thenComparing(Ended::id);
    jobs.sort(oldestFirst);
    nodes.sort(oldestFirst);
    int remaining = Math.max(0, jobs.size() - MAX_JOBS) + Math.max(0, nodes.size() - MAX_NODES);
    List<String> jobIds = jobs.stream().limit(MAX_JOBS).map(Ended::id).toList();
    List<String> nodeIds = nodes.stream().limit(MAX_NODES).map(Ended::id).toList();
    return new Plan(new CollectGarbage(jobIds, nodeIds, jobsEndedBy, nodesDownBy, atMillis), remaining);
  }
}
