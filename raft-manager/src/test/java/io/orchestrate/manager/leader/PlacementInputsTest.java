package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.Allow;
import io.orchestrate.core.spec.PlacementConstraint;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.scheduler.TaskRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the scheduler is asked for a task: the group's resources, modes, constraints and distinctNodes. */
class PlacementInputsTest {
  private static final Task T = Task.pending("t-1", "j-1", "api", 0, 1, 1);

  @Test
  void aGroupsConstraintsAndDistinctNodesReachTheRequest() {
    List<PlacementConstraint> rules = List.of(new PlacementConstraint("label.rack", "!=", "r1"));
    TaskSpec spec = new TaskSpec("api", "local/busybox:1", List.of("sleep"), null, 2, Resources.of(0.5, 64, 0), null, null, null, "host", null,
        null, rules, true);
    TaskRequest r = PlacementInputs.request(T, spec);
    assertThat(r.rules()).isEqualTo(rules);
    assertThat(r.distinctNodes()).isTrue();
    assertThat(r.requires()).containsExactly(Allow.HOST_NETWORK);
    assertThat(r.resources()).isEqualTo(Resources.of(0.5, 64, 0));
  }

  @Test
  void aGroupWithoutThemAsksForNothingMore() {
    TaskRequest r = PlacementInputs.request(T, new TaskSpec("api", "local/busybox:1", List.of("sleep"), null, 2, Resources.of(0.5, 64, 0), null));
    assertThat(r.rules()).isEmpty();
    assertThat(r.distinctNodes()).isFalse();
    assertThat(r.constraints()).isEmpty();
  }
}
