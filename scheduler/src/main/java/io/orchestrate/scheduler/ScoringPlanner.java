package io.orchestrate.scheduler;

import java.util.function.Function;

/**
 * Places each task on the feasible node with the lowest score. Ties go to the node with fewer tasks,
 * then to the seeded rank, so equal nodes share work and the outcome depends only on the inputs.
 * Scores are computed once per class; after a placement only the chosen node is re-scored, since no
 * other node changed.
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
      for (int k = 0; k < c.members.size(); k++) {
        int best = argmin(t, eligible, score);
        if (best < 0) {
          out.unplacedFrom(c, k, Reasons.explain(t, c));
          return;
        }
        t.place(best, c);
        out.placed(c.members.get(k), t.ids[best]);
        scorer.placed(best);
        score[best] = t.feasible(best, c, jobOnNode) ? scorer.score(best) : Double.POSITIVE_INFINITY;
      }
    };
  }

  /** The best eligible node with a finite score, or -1. */
  private static int argmin(NodeTable t, int[] eligible, double[] score) {
    int best = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int i : eligible) {
      double s = score[i];
      if (s == Double.POSITIVE_INFINITY) continue;
      if (best < 0 || s < bestScore
          || (s == bestScore && (t.tasks[i] < t.tasks[best] || (t.tasks[i] == t.tasks[best] && t.rank[i] < t.rank[best])))) {
        best = i;
        bestScore = s;
      }
    }
    return best;
  }
}
