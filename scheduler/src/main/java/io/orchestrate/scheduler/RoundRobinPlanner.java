package io.orchestrate.scheduler;

import java.util.Arrays;

/**
 * Round-robin: nodes are visited in a seeded cyclic order and each task goes to the next node in
 * the cycle that can take it; the cursor carries over between task classes, so consecutive tasks
 * land on consecutive nodes. Cheap and predictable, blind to load.
 */
final class RoundRobinPlanner extends ClassPlanner {
  static final String NAME = "round-robin";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  ClassPlacer start(NodeTable t) {
    int[] cycle = new int[t.n];
    for (int i = 0; i < t.n; i++) cycle[t.rank[i]] = i;
    boolean[] eligible = new boolean[t.n];
    int[] cursor = {0};
    return (c, out) -> {
      Arrays.fill(eligible, false);
      for (int i : t.eligible(c)) eligible[i] = true;
      int[] jobOnNode = c.distinctNodes ? t.jobCounts(c.jobId) : null;
      for (int k = 0; k < c.members.size(); k++) {
        int chosen = -1;
        for (int step = 0; step < t.n && chosen < 0; step++) {
          int pos = (cursor[0] + step) % t.n;
          int i = cycle[pos];
          if (eligible[i] && t.feasible(i, c, jobOnNode)) {
            chosen = i;
            cursor[0] = (pos + 1) % t.n;
          }
        }
        if (chosen < 0) {
          out.unplacedFrom(c, k, Reasons.explain(t, c));
          return;
        }
        t.place(chosen, c);
        out.placed(c.members.get(k), t.ids[chosen]);
      }
    };
  }
}
