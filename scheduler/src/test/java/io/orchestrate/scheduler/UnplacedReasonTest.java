package io.orchestrate.scheduler;

import static io.orchestrate.scheduler.Fixtures.inState;
import static io.orchestrate.scheduler.Fixtures.node;
import static io.orchestrate.scheduler.Fixtures.task;
import static io.orchestrate.scheduler.Fixtures.tasks;
import static io.orchestrate.scheduler.Fixtures.used;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.spec.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each reason names the obstacle and the numbers an operator needs; every algorithm gives the same ones. */
class UnplacedReasonTest {

  static List<String> algorithms() {
    return Schedulers.names();
  }

  private static String onlyReason(String algorithm, ClusterSnapshot cluster, List<TaskRequest> tasks) {
    Plan plan = Schedulers.byName(algorithm).plan(cluster, tasks, 1);
    assertThat(plan.unplaced()).hasSize(1);
    return plan.unplaced().get(0).reason();
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void memoryShortfallNamesTheBestFreeAmount(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(used("a", 8, 8192, 0, 6144), used("b", 8, 4096, 0, 3072));
    assertThat(onlyReason(algorithm, cluster, List.of(task("t", "j", 1, 4096))))
        .isEqualTo("no ready node has 4096 MB free memory; best has 2048 MB");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void cpuShortfallNamesTheBestFreeCores(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(used("a", 4, 8192, 2.5, 0), used("b", 2, 8192, 0.75, 0));
    assertThat(onlyReason(algorithm, cluster, List.of(task("t", "j", 2, 64))))
        .isEqualTo("no ready node has 2 free cpu; best has 1.5");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void diskShortfallIsNamedToo(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 4, 8192));
    TaskRequest big = TaskRequest.of("t", "j", "db", Resources.of(1, 64, 20_000));
    assertThat(onlyReason(algorithm, cluster, List.of(big)))
        .isEqualTo("no ready node has 20000 MB free disk; best has 10000 MB");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void resourcesThatExistOnlyOnDifferentNodesPointAtTheClosestNode(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(used("cpu-rich", 8, 8192, 0, 7168), used("mem-rich", 8, 8192, 6.5, 0));
    assertThat(onlyReason(algorithm, cluster, List.of(task("t", "j", 2, 2048))))
        .isEqualTo("no ready node has 2 cpu, 2048 MB memory and 0 MB disk free at once (2 nodes checked);"
            + " closest is mem-rich with 1.5 cpu, 8192 MB memory, 10000 MB disk free");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void unmatchedConstraintListsWhatTheNodesHave(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(
        node("a", 4, 4096, Map.of("zone", "a")), node("b", 4, 4096, Map.of("zone", "a")), node("c", 4, 4096, Map.of("zone", "c")));
    TaskRequest t = task("t", "j", 1, 64).withConstraints(Map.of("zone", "b"));
    assertThat(onlyReason(algorithm, cluster, List.of(t)))
        .isEqualTo("no ready node matches constraint zone=b (3 ready nodes checked; ready nodes have zone=a (2), zone=c (1))");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void constraintsThatMatchOnlySeparatelyAreCountedEach(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(
        node("a", 4, 4096, Map.of("zone", "a")), node("b", 4, 4096, Map.of("disk", "ssd")));
    TaskRequest t = task("t", "j", 1, 64).withConstraints(Map.of("zone", "a", "disk", "ssd"));
    assertThat(onlyReason(algorithm, cluster, List.of(t)))
        .isEqualTo("no ready node matches all of disk=ssd, zone=a at once (disk=ssd: 1, zone=a: 1 of 2 ready nodes)");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void aMatchingNodeThatIsDrainingIsPointedOut(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(
        node("a", 4, 4096, Map.of("zone", "a")), inState("b", NodeState.DRAINING, Map.of("zone", "b")));
    TaskRequest t = task("t", "j", 1, 64).withConstraints(Map.of("zone", "b"));
    assertThat(onlyReason(algorithm, cluster, List.of(t)))
        .isEqualTo("no ready node matches constraint zone=b (1 ready nodes checked; ready nodes have zone=a (1));"
            + " matching nodes that are not ready: 1 draining");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void noReadyNodeCountsTheStates(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(
        inState("a", NodeState.DOWN, Map.of()), inState("b", NodeState.DOWN, Map.of()), inState("c", NodeState.DRAINING, Map.of()));
    assertThat(onlyReason(algorithm, cluster, List.of(task("t", "j", 1, 64))))
        .isEqualTo("no node is ready (3 nodes: 2 down, 1 draining)");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void anEmptyClusterSaysSo(String algorithm) {
    assertThat(onlyReason(algorithm, new ClusterSnapshot(List.of()), List.of(task("t", "j", 1, 64))))
        .isEqualTo("no nodes are registered");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void distinctNodesExhaustedNamesTheJob(String algorithm) {
    NodeView busy = new NodeView("a", NodeState.READY, Resources.of(8, 8192, 0), null, Map.of(), 1, Map.of("api", 1));
    ClusterSnapshot cluster = ClusterSnapshot.of(busy, node("b", 8, 8192));
    List<TaskRequest> ts = tasks("api", 2, 1, 64).stream().map(t -> t.withDistinctNodes(true)).toList();
    Plan plan = Schedulers.byName(algorithm).plan(cluster, ts, 3);
    assertThat(plan.assignments()).containsExactly(Map.entry("api-0", "b"));
    assertThat(plan.unplaced()).containsExactly(new Unplaced("api-1",
        "every ready node already runs a task of job api and the task asks for distinct nodes (2 nodes checked)"
            + " (after 1 placements earlier in this plan)"));
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void capacityUsedEarlierInThePlanIsAccountedAndMentioned(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 8, 4096));
    Plan plan = Schedulers.byName(algorithm).plan(cluster, tasks("web", 3, 1, 2048), 0);
    assertThat(plan.assignments()).containsOnlyKeys("web-0", "web-1");
    assertThat(plan.unplaced()).containsExactly(new Unplaced("web-2",
        "no ready node has 2048 MB free memory; best has 0 MB (after 2 placements earlier in this plan)"));
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void aConstrainedShortfallSaysWhichNodesWereConsidered(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 8, 1024, Map.of("zone", "a")), node("b", 8, 8192, Map.of("zone", "b")));
    TaskRequest t = task("t", "j", 1, 2048).withConstraints(Map.of("zone", "a"));
    assertThat(onlyReason(algorithm, cluster, List.of(t)))
        .isEqualTo("no ready node matching zone=a has 2048 MB free memory; best has 1024 MB");
  }
}
