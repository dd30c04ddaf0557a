package io.orchestrate.scheduler;

import java.util.List;

/**
 * A placement strategy. Implementations are immutable and hold no state between calls, so one
 * instance may serve any number of callers on any threads; each call works on its own copy of the
 * cluster.
 *
 * <p>Every implementation checks feasibility the same way (node READY, label constraints, modes the
 * node allows ({@link TaskRequest#requires}), distinct
 * nodes, cpu/memory/disk fit against what is free after earlier placements of the same plan) and
 * differs only in which feasible node it picks.
 */
public interface PlacementAlgorithm {

  /** The name {@link Schedulers#byName(String)} knows it by. */
  String name();

  /**
   * Places {@code tasks} on {@code cluster}. Tasks that share a job, resources, constraints and
   * distinct-node setting are placed together, in order of their first appearance in {@code tasks}.
   *
   * @param seed breaks ties between equally good nodes; vary it between rounds (e.g. the Raft log
   *             index) so that small batches do not always land on the same node
   * @throws IllegalArgumentException if two tasks share a task id
   */
  Plan plan(ClusterSnapshot cluster, List<TaskRequest> tasks, long seed);
}
