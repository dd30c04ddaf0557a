package io.orchestrate.scheduler;

import static io.orchestrate.scheduler.Fixtures.node;
import static io.orchestrate.scheduler.Fixtures.nodesInOrder;
import static io.orchestrate.scheduler.Fixtures.task;
import static io.orchestrate.scheduler.Fixtures.tasks;
import static io.orchestrate.scheduler.Fixtures.used;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.spec.Resources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What distinguishes the algorithms from one another. */
class AlgorithmBehaviourTest {

  private static Plan plan(String algorithm, ClusterSnapshot cluster, List<TaskRequest> tasks, long seed) {
    return Schedulers.byName(algorithm).plan(cluster, tasks, seed);
  }

  private static Map<String, Long> perNode(Plan plan) {
    return plan.placements().stream().collect(Collectors.groupingBy(Placement::nodeId, Collectors.counting()));
  }

  /** Number of times consecutive placements switch node. */
  private static int switches(List<String> sequence) {
    int s = 0;
    for (int i = 1; i < sequence.size(); i++) if (!sequence.get(i).equals(sequence.get(i - 1))) s++;
    return s;
  }

  @Test
  void binpackFillsOneNodeBeforeTheNext() {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 4, 8192), node("b", 4, 8192), node("c", 4, 8192));
    for (long seed = 0; seed < 10; seed++) {
      Plan plan = plan(Schedulers.BINPACK, cluster, tasks("web", 10, 1, 64), seed);
      assertThat(plan.complete()).isTrue();
      assertThat(perNode(plan).values()).as("seed %d", seed).containsExactlyInAnyOrder(4L, 4L, 2L);
      assertThat(switches(nodesInOrder(plan))).as("seed %d: %s", seed, nodesInOrder(plan)).isEqualTo(2);
    }
  }

  @Test
  void binpackPicksTheFullerNodeWhileEpvmPicksTheEmptierOne() {
    ClusterSnapshot cluster = ClusterSnapshot.of(used("quiet", 8, 8192, 2, 2048), used("busy", 8, 8192, 6, 6144));
    for (long seed = 0; seed < 10; seed++) {
      assertThat(plan(Schedulers.BINPACK, cluster, List.of(task("t", "j", 1, 512)), seed).assignments())
          .containsEntry("t", "busy");
      assertThat(plan(Schedulers.EPVM, cluster, List.of(task("t", "j", 1, 512)), seed).assignments())
          .containsEntry("t", "quiet");
    }
  }

  /**
   * Both nodes are half used in total, but one has a nearly full cpu. A linear cost would tie and leave
   * the choice to the seed; E-PVM's exponential cost must avoid the nearly full resource every time.
   */
  @Test
  void epvmAvoidsANearlyFullResourceEvenWhenTotalUseIsEqual() {
    ClusterSnapshot cluster = ClusterSnapshot.of(used("skewed", 8, 8192, 7.2, 819), used("even", 8, 8192, 4, 4096));
    for (long seed = 0; seed < 20; seed++) {
      // The task takes the same fraction (1/16) of cpu and memory and fits on both nodes.
      assertThat(plan(Schedulers.EPVM, cluster, List.of(task("t", "j", 0.5, 512)), seed).assignments())
          .as("seed %d", seed)
          .containsEntry("t", "even");
    }
  }

  @Test
  void epvmSpreadsEvenlyOverAnEmptyUniformCluster() {
    List<NodeView> nodes = IntStream.range(0, 5).mapToObj(i -> node("n" + i, 8, 8192)).toList();
    Plan plan = plan(Schedulers.EPVM, new ClusterSnapshot(nodes), tasks("web", 15, 0.5, 256), 7);
    assertThat(perNode(plan)).hasSize(5).allSatisfy((n, count) -> assertThat(count).isEqualTo(3L));
  }

  @Test
  void spreadSpreadsAJobEvenOverUnequalNodes() {
    // Capacity-driven algorithms would favour the big node; spread must not.
    ClusterSnapshot cluster = ClusterSnapshot.of(node("big", 64, 65536), node("small1", 4, 4096), node("small2", 4, 4096));
    Plan plan = plan(Schedulers.SPREAD, cluster, tasks("api", 6, 1, 256), 5);
    assertThat(perNode(plan)).containsOnly(Map.entry("big", 2L), Map.entry("small1", 2L), Map.entry("small2", 2L));
  }

  @Test
  void spreadCountsTasksOfTheJobAlreadyRunning() {
    NodeView a = new NodeView("a", NodeState.READY, Resources.of(8, 8192, 0), null, Map.of(), 2, Map.of("api", 2));
    NodeView b = new NodeView("b", NodeState.READY, Resources.of(8, 8192, 0), null, Map.of(), 5, Map.of("other", 5));
    ClusterSnapshot cluster = ClusterSnapshot.of(a, b, node("c", 8, 8192));
    Plan plan = plan(Schedulers.SPREAD, cluster, tasks("api", 4, 1, 256), 1);
    assertThat(perNode(plan)).containsOnly(Map.entry("b", 2L), Map.entry("c", 2L));
  }

  @Test
  void spreadThenPrefersTheLeastUtilisedNode() {
    ClusterSnapshot cluster = ClusterSnapshot.of(used("busy", 8, 8192, 6, 6000), used("idle", 8, 8192, 1, 1000));
    for (long seed = 0; seed < 10; seed++) {
      assertThat(plan(Schedulers.SPREAD, cluster, List.of(task("t", "j", 1, 256)), seed).assignments()).containsEntry("t", "idle");
    }
  }

  @Test
  void roundRobinCyclesThroughTheNodes() {
    List<NodeView> nodes = IntStream.range(0, 3).mapToObj(i -> node("n" + i, 64, 65536)).toList();
    List<String> seq = nodesInOrder(plan(Schedulers.ROUND_ROBIN, new ClusterSnapshot(nodes), tasks("web", 9, 1, 64), 11));
    assertThat(new HashSet<>(seq.subList(0, 3))).hasSize(3);
    for (int i = 3; i < seq.size(); i++) assertThat(seq.get(i)).as("placement %d of %s", i, seq).isEqualTo(seq.get(i - 3));
  }

  @Test
  void roundRobinSkipsNodesThatCannotTakeTheTask() {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 64, 65536), used("full", 4, 4096, 4, 4096), node("c", 64, 65536));
    List<String> seq = nodesInOrder(plan(Schedulers.ROUND_ROBIN, cluster, tasks("web", 6, 1, 64), 2));
    assertThat(seq).doesNotContain("full");
    assertThat(switches(seq)).isEqualTo(5);
  }

  @Test
  void roundRobinKeepsItsCursorAcrossTaskClasses() {
    List<NodeView> nodes = IntStream.range(0, 4).mapToObj(i -> node("n" + i, 64, 65536)).toList();
    List<TaskRequest> mixed = new ArrayList<>(tasks("web", 2, 1, 64));
    mixed.addAll(tasks("db", 2, 2, 1024));
    List<String> seq = nodesInOrder(plan(Schedulers.ROUND_ROBIN, new ClusterSnapshot(nodes), mixed, 4));
    assertThat(new HashSet<>(seq)).hasSize(4);
  }

  @Test
  void theSeedBreaksTiesBetweenEqualNodes() {
    List<NodeView> nodes = IntStream.range(0, 10).mapToObj(i -> node("n" + i, 8, 8192)).toList();
    for (String algorithm : Schedulers.names()) {
      Function<Long, String> first = seed -> plan(algorithm, new ClusterSnapshot(nodes), List.of(task("t", "j", 1, 64)), seed)
          .assignments().get("t");
      Set<String> chosen = new HashSet<>();
      for (long seed = 0; seed < 40; seed++) {
        chosen.add(first.apply(seed));
        assertThat(first.apply(seed)).as("%s is deterministic for seed %d", algorithm, seed).isEqualTo(first.apply(seed));
      }
      assertThat(chosen).as("%s first choices over 40 seeds", algorithm).hasSizeGreaterThan(3);
    }
  }

  @Test
  void tasksOfAClassArePlacedTogetherInOrderOfFirstAppearance() {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 64, 65536));
    List<TaskRequest> interleaved = List.of(
        task("web-0", "web", 1, 64), task("db-0", "db", 2, 1024), task("web-1", "web", 1, 64), task("db-1", "db", 2, 1024));
    Plan plan = plan(Schedulers.EPVM, cluster, interleaved, 0);
    assertThat(plan.placements()).extracting(Placement::taskId).containsExactly("web-0", "web-1", "db-0", "db-1");
  }

  @Test
  void onlyMatchingReadyNodesAreUsed() {
    ClusterSnapshot cluster = ClusterSnapshot.of(
        node("a", 64, 65536, Map.of("zone", "a")),
        node("b", 64, 65536, Map.of("zone", "b")),
        new NodeView("b-drain", NodeState.DRAINING, Resources.of(64, 65536, 0), null, Map.of("zone", "b"), 0));
    for (String algorithm : Schedulers.names()) {
      List<TaskRequest> ts = tasks("web", 5, 1, 64).stream().map(t -> t.withConstraints(Map.of("zone", "b"))).toList();
      assertThat(perNode(plan(algorithm, cluster, ts, 9))).as(algorithm).containsOnly(Map.entry("b", 5L));
    }
  }
}
