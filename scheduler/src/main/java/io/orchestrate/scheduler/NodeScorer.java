package io.orchestrate.scheduler;

/**
 * Ranks feasible nodes for one task class; lower is better. {@link ScoringPlanner} calls
 * {@link #prepare} once per class, {@link #score} for every feasible node, then after each placement
 * {@link #placed} and {@link #score} for that node alone. A scorer therefore must not let a node's
 * score depend on any other node's state. Owned by one pass.
 */
interface NodeScorer {
  void prepare(TaskClass c);

  double score(int node);

  /** The table has already been updated for a placement on {@code node}. */
  default void placed(int node) {}
}
