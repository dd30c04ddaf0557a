package io.orchestrate.scheduler;

import java.util.function.Function;

/**
 * Places each task on the feasible node with the lowest score. Ties go to the node with fewer tasks,
 * then to the seeded rank, so equal nodes share work and the outcome depends only on the inputs.
 * Scores are computed once per class; after a placement only the chosen node is re-scored, since no
 * other node changed, and the next best comes from a heap of the class's feasible nodes
 * ({@link NodeHeap}) in O(log n) rather than a scan of all of them.
 */
final class ScoringPlanner extends ClassPlanner {
  private final String name;
  private final boolean needsJobCounts;
  private final Function<NodeTable, NodeScorer> scorers;

  ScoringPlanner(String name, boolean needsJobCounts, Function<NodeTable, NodeScorer> scorers) {
    this.name = name;
    this.needsJobCounts = needsJobCounts;
    this.scorers = scorers;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  boolean needsJobCounts() {
    return needsJobCounts;
  }

  @Override
  ClassPlacer start(NodeTable t) {
    NodeScorer scorer = scorers.apply(t);
    double[] score = new double[t.n];
    return (c, out) -> {
      int[] eligible = t.eligible(c);
      int[] jobOnNode = c.distinctNodes ? t.jobCounts(c.jobId) : null;
      scorer.prepare(c);
      for (int i : eligible) score[i] = t.feasible(i, c, jobOnNode) ? scorer.score(i) : Double.POSITIVE_INFINITY;
      NodeHeap candidates = new NodeHeap(t, score, eligible);
      for (int k = 0; k < c.members.size(); k++) {
        if (candidates.isEmpty()) {
          out.unplacedFrom(c, k, Reasons.explain(t, c));
          return;
        }
        int best = candidates.best();
        t.place(best, c);
        out.placed(c.members.get(k), t.ids[best]);
        scorer.placed(best);
        score[best] = t.feasible(best, c, jobOnNode) ? scorer.score(best) : Double.POSITIVE_INFINITY;
        candidates.bestChanged();
      }
    };
  }
}
