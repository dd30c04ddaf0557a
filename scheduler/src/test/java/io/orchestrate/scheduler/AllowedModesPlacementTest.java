package io.orchestrate.scheduler;

import static io.orchestrate.scheduler.Fixtures.node;
import static io.orchestrate.scheduler.Fixtures.task;
import static io.orchestrate.scheduler.Fixtures.tasks;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.spec.Allow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A task that needs a risky mode (the host network) goes only to a node whose operator allows it; every algorithm agrees. */
class AllowedModesPlacementTest {
  private static final Set<String> HOST = Set.of(Allow.HOST_NETWORK);

  static List<String> algorithms() {
    return Schedulers.names();
  }

  private static TaskRequest hostTask(String id) {
    return task(id, "j", 1, 64).withRequires(HOST);
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void aHostNetworkTaskGoesOnlyToTheNodeThatAllowsIt(String algorithm) {
    // The node that allows it is the fullest and last by id: every scorer would rather use the others.
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 16, 65_536), node("b", 16, 65_536), node("c", 2, 1024).withAllows(HOST));
    List<TaskRequest> asks = List.of(hostTask("h1"), hostTask("h2"));
    for (long seed = 0; seed < 20; seed++) {
      Plan plan = Schedulers.byName(algorithm).plan(cluster, asks, seed);
      assertThat(plan.unplaced()).as("seed " + seed).isEmpty();
      assertThat(Fixtures.nodesInOrder(plan)).as("seed " + seed).containsOnly("c");
    }
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void withoutANodeThatAllowsItTheTaskWaitsAndTheReasonNamesTheFlag(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 16, 65_536), node("b", 16, 65_536).withAllows(Set.of(Allow.PROCESS_DRIVER)));
    Plan plan = Schedulers.byName(algorithm).plan(cluster, List.of(hostTask("h")), 1);
    assertThat(plan.placements()).isEmpty();
    assertThat(plan.unplaced()).singleElement().extracting(Unplaced::reason).isEqualTo(
        "no ready node allows host-network, which the task needs (2 nodes checked; a worker allows it when started with --allow host-network)");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void theReasonKeepsTheConstraintScopeAndResourcesAreCheckedAmongAllowingNodesOnly(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 16, 65_536, Map.of("zone", "x")),
        node("b", 1, 128, Map.of("zone", "x")).withAllows(HOST));
    TaskRequest big = task("h", "j", 4, 64).withRequires(HOST).withConstraints(Map.of("zone", "x"));
    assertThat(Schedulers.byName(algorithm).plan(cluster, List.of(big), 1).unplaced()).singleElement().extracting(Unplaced::reason)
        .isEqualTo("no ready node matching zone=x that allows host-network has 4 free cpu; best has 1");

    ClusterSnapshot noneAllow = ClusterSnapshot.of(node("a", 16, 65_536, Map.of("zone", "x")));
    assertThat(Schedulers.byName(algorithm).plan(noneAllow, List.of(big), 1).unplaced()).singleElement().extracting(Unplaced::reason)
        .asString().startsWith("no ready node matching zone=x allows host-network");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void tasksThatNeedNothingStillUseEveryNode(String algorithm) {
    ClusterSnapshot cluster = ClusterSnapshot.of(node("a", 1, 1024), node("b", 1, 1024).withAllows(HOST));
    List<TaskRequest> asks = new ArrayList<>(tasks("plain", 2, 1, 64));
    Plan plan = Schedulers.byName(algorithm).plan(cluster, asks, 3);
    assertThat(Fixtures.nodesInOrder(plan)).containsExactlyInAnyOrder("a", "b");
  }
}
