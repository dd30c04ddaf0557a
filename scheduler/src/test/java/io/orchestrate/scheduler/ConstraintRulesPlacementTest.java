package io.orchestrate.scheduler;

import static io.orchestrate.scheduler.Fixtures.node;
import static io.orchestrate.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.spec.PlacementConstraint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The job file's constraints reach every algorithm: only nodes meeting every rule are used, and a reason names the rule. */
class ConstraintRulesPlacementTest {
  static List<String> algorithms() {
    return Schedulers.names();
  }

  private static final ClusterSnapshot RACKS = ClusterSnapshot.of(node("a", 16, 65_536, Map.of("rack", "r1")),
      node("b", 16, 65_536, Map.of("rack", "r2")), node("c", 16, 65_536, Map.of("rack", "r3", "zone", "eu-2")));

  private static TaskRequest ruled(String id, PlacementConstraint... rules) {
    return task(id, "j", 1, 64).withRules(List.of(rules));
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void onlyNodesMeetingEveryRuleAreUsed(String algorithm) {
    List<TaskRequest> asks = List.of(
        ruled("ne", new PlacementConstraint("label.rack", "!=", "r1"), new PlacementConstraint("node.id", "!=", "c")),
        ruled("in", new PlacementConstraint("label.rack", "in", "r3,r9")),
        ruled("re", new PlacementConstraint("label.zone", "regex", "eu-[0-9]")));
    for (long seed = 0; seed < 10; seed++) {
      Plan plan = Schedulers.byName(algorithm).plan(RACKS, asks, seed);
      assertThat(plan.unplaced()).as("seed " + seed).isEmpty();
      assertThat(plan.assignments()).as("seed " + seed).containsEntry("ne", "b").containsEntry("in", "c").containsEntry("re", "c");
    }
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void aRuleNoNodeMeetsIsNamedWithTheValuesTheNodesHave(String algorithm) {
    Plan plan = Schedulers.byName(algorithm).plan(RACKS, List.of(ruled("x", new PlacementConstraint("label.rack", "=", "r9"))), 1);
    assertThat(plan.unplaced()).singleElement().extracting(Unplaced::reason).isEqualTo(
        "no ready node meets constraint label.rack = r9 (3 ready nodes checked; ready nodes have rack=r1 (1), rack=r2 (1), rack=r3 (1))");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void rulesEachMetButNeverTogetherSaySo(String algorithm) {
    Plan plan = Schedulers.byName(algorithm).plan(RACKS, List.of(ruled("x", new PlacementConstraint("label.rack", "=", "r1"),
        new PlacementConstraint("node.id", "=", "b"))), 1);
    assertThat(plan.unplaced()).singleElement().extracting(Unplaced::reason).isEqualTo(
        "no ready node meets all of label.rack = r1, node.id = b at once (label.rack = r1: 1, node.id = b: 1 of 3 ready nodes)");
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void resourcesAreCheckedAmongTheNodesMeetingTheRules(String algorithm) {
    Plan plan = Schedulers.byName(algorithm).plan(RACKS, List.of(task("big", "j", 32, 64).withRules(
        List.of(new PlacementConstraint("label.rack", "!=", "r1")))), 1);
    assertThat(plan.unplaced()).singleElement().extracting(Unplaced::reason).asString()
        .startsWith("no ready node meeting label.rack != r1 has 32 free cpu");
  }
}
