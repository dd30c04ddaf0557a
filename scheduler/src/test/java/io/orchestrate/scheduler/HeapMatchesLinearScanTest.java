package io.orchestrate.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.spec.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The scoring algorithms pick each task's node from a heap ({@link NodeHeap}) rather than by scanning
 * every eligible node. That is only an optimisation: the plan must be exactly the one a linear scan
 * with the same tie-breaks (score, then fewer tasks, then the seeded rank) gives, placement by
 * placement and reason by reason. Checked on random scenarios, including large fleets of identical
 * nodes where every pick is decided by the tie-breaks.
 */
class HeapMatchesLinearScanTest {

  /** The planner as it was before the heap: a scan of every eligible node per task. */
  private static final class LinearScan extends ClassPlanner {
    private final boolean needsJobCounts;
    private final Function<NodeTable, NodeScorer> scorers;

    LinearScan(boolean needsJobCounts, Function<NodeTable, NodeScorer> scorers) {
      this.needsJobCounts = needsJobCounts;
      this.scorers = scorers;
    }

    @Override
    public String name() {
      return "linear";
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
          int best = -1;
          for (int i : eligible) {
            double s = score[i];
            if (s == Double.POSITIVE_INFINITY) continue;
            if (best < 0 || s < score[best] || (s == score[best]
                && (t.tasks[i] < t.tasks[best] || (t.tasks[i] == t.tasks[best] && t.rank[i] < t.rank[best])))) {
              best = i;
            }
          }
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
  }

  private static final Map<String, LinearScan> REFERENCE = Map.of(
      Schedulers.EPVM, new LinearScan(false, EpvmScorer::new),
      Schedulers.BINPACK, new LinearScan(false, BinpackScorer::new),
      Schedulers.SPREAD, new LinearScan(true, SpreadScorer::new));

  private static void assertSamePlan(String algorithm, ClusterSnapshot cluster, List<TaskRequest> tasks, long seed, String what) {
    Plan heap = Schedulers.byName(algorithm).plan(cluster, tasks, seed);
    Plan linear = REFERENCE.get(algorithm).plan(cluster, tasks, seed);
    assertThat(heap.placements()).as("%s placements, %s", algorithm, what).isEqualTo(linear.placements());
    assertThat(heap.unplaced()).as("%s unplaced, %s", algorithm, what).isEqualTo(linear.unplaced());
  }

  @Test
  void randomScenariosGiveTheLinearScansPlan() {
    SplittableRandom r = new SplittableRandom(7_100_2026L);
    int cases = 0;
    for (int i = 0; i < 300; i++) {
      int nodes = r.nextInt(60);
      int tasks = r.nextInt(120);
      long content = r.nextLong();
      long seed = r.nextLong();
      Scenario s = Scenario.random(nodes, tasks, content, seed);
      for (String algorithm : REFERENCE.keySet()) {
        assertSamePlan(algorithm, s.cluster(), s.tasks(), seed, "Scenario.random(" + nodes + ", " + tasks + ", " + content + "L, " + seed + "L)");
        cases++;
      }
    }
    assertThat(cases).isEqualTo(900);
  }

  @Test
  void identicalNodesAreChosenByTheTieBreaksAlone() {
    // Equal scores everywhere: the order comes from task counts and the seeded rank only, and the
    // jobs fill nodes until some are full, so the heap also has to drop nodes that no longer fit.
    List<NodeView> nodes = new ArrayList<>();
    for (int i = 0; i < 400; i++) nodes.add(NodeView.ready(String.format("n-%04d", i), Resources.of(1, 1024, 1000), Map.of()));
    List<TaskRequest> tasks = new ArrayList<>();
    for (int j = 0; j < 30; j++) {
      boolean distinct = j % 3 == 0;
      for (int k = 0; k < 50; k++) {
        tasks.add(new TaskRequest("job-" + j + "-" + k, "job-" + j, "g", Resources.of(0.25, 100, 10), Map.of(), distinct));
      }
    }
    for (String algorithm : REFERENCE.keySet()) {
      for (long seed = 1; seed <= 3; seed++) {
        Plan plan = Schedulers.byName(algorithm).plan(new ClusterSnapshot(nodes), tasks, seed);
        // 400 nodes take 4 tasks of 0.25 cpu each: 1,500 tasks all fit.
        assertThat(plan.placements()).hasSize(1_500);
        assertSamePlan(algorithm, new ClusterSnapshot(nodes), tasks, seed, "seed " + seed);
      }
    }
  }

  @Test
  void aClassThatRunsOutOfNodesIsUnplacedAtTheSameTaskWithTheSameReason() {
    List<NodeView> nodes = new ArrayList<>();
    for (int i = 0; i < 20; i++) nodes.add(NodeView.ready("n-" + i, Resources.of(1 + i % 3, 2048, 1000), Map.of()));
    List<TaskRequest> tasks = Fixtures.tasks("big", 100, 0.5, 100);
    for (String algorithm : REFERENCE.keySet()) {
      Plan plan = Schedulers.byName(algorithm).plan(new ClusterSnapshot(nodes), tasks, 42);
      // Capacity: 7 nodes of 1 cpu, 7 of 2, 6 of 3 = 7*2 + 7*4 + 6*6 = 78 half-cpu tasks.
      assertThat(plan.placements()).hasSize(78);
      assertThat(plan.unplaced()).hasSize(22);
      assertSamePlan(algorithm, new ClusterSnapshot(nodes), tasks, 42, "100 tasks on 20 nodes");
    }
  }
}
