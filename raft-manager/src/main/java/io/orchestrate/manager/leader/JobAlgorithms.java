package io.orchestrate.manager.leader;

import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Task;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.ClusterSnapshot;
import io.orchestrate.scheduler.NodeView;
import io.orchestrate.scheduler.PlacementAlgorithm;
import io.orchestrate.scheduler.Placement;
import io.orchestrate.scheduler.Plan;
import io.orchestrate.scheduler.Schedulers;
import io.orchestrate.scheduler.TaskRequest;
import io.orchestrate.scheduler.Unplaced;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scheduling round's plan when jobs name their own placement algorithm ({@code scheduler:} in
 * the job file). Requests are split by algorithm, the managers' configured one first and the
 * others in name order, and planned one algorithm after the other, each on the cluster as the
 * earlier plans left it (their placements counted as allocated), so two algorithms in one round
 * never promise the same free capacity. A round whose jobs all use the configured algorithm is
 * planned exactly as before. Pure: no clock, no I/O.
 */
final class JobAlgorithms {
  private JobAlgorithms() {}

  static Plan plan(PlacementAlgorithm configured, StateImage s, List<TaskRequest> requests, Map<String, Task> byId) {
    Map<String, List<TaskRequest>> byAlgorithm = new LinkedHashMap<>();
    byAlgorithm.put(configured.name(), new ArrayList<>());
    List<String> others = new ArrayList<>();
    for (TaskRequest r : requests) {
      Job j = s.jobs().get(byId.get(r.taskId()).jobId());
      String name = j == null || j.spec().scheduler() == null ? configured.name() : j.spec().scheduler();
      if (!byAlgorithm.containsKey(name)) others.add(name);
      byAlgorithm.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
    }
    ClusterSnapshot cluster = SchedulingLoop.snapshot(s);
    if (others.isEmpty()) return configured.plan(cluster, requests, s.index());
    others.sort(null);
    List<String> order = new ArrayList<>();
    order.add(configured.name());
    order.addAll(others);
    List<Placement> placed = new ArrayList<>();
    List<Unplaced> unplaced = new ArrayList<>();
    Map<String, TaskRequest> requestById = new HashMap<>();
    for (TaskRequest r : requests) requestById.put(r.taskId(), r);
    for (String name : order) {
      List<TaskRequest> mine = byAlgorithm.get(name);
      if (mine.isEmpty()) continue;
      PlacementAlgorithm a = name.equals(configured.name()) ? configured : Schedulers.byName(name);
      Plan p = a.plan(cluster, mine, s.index());
      placed.addAll(p.placements());
      unplaced.addAll(p.unplaced());
      cluster = withPlacements(cluster, p.placements(), requestById);
    }
    return new Plan(configured.name(), s.index(), placed, unplaced);
  }

  /** The cluster with {@code placements} counted on their nodes, as apply will count them. */
  static ClusterSnapshot withPlacements(ClusterSnapshot cluster, List<Placement> placements, Map<String, TaskRequest> requests) {
    if (placements.isEmpty()) return cluster;
    Map<String, List<TaskRequest>> onNode = new HashMap<>();
    for (Placement p : placements) onNode.computeIfAbsent(p.nodeId(), k -> new ArrayList<>()).add(requests.get(p.taskId()));
    List<NodeView> nodes = new ArrayList<>();
    for (NodeView n : cluster.nodes()) {
      List<TaskRequest> added = onNode.get(n.id());
      if (added == null) {
        nodes.add(n);
        continue;
      }
      io.orchestrate.core.spec.Resources allocated = n.allocated();
      Map<String, Integer> perJob = new HashMap<>(n.jobTaskCounts());
      for (TaskRequest r : added) {
        allocated = allocated.plus(r.resources());
        perJob.merge(r.jobId(), 1, Integer::sum);
      }
      nodes.add(new NodeView(n.id(), n.state(), n.capacity(), allocated, n.labels(), n.taskCount() + added.size(), perJob, n.allows()));
    }
    return new ClusterSnapshot(nodes);
  }
}
