package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the scheduling loop may skip a round: only while the image holds the very pending set it planned from. */
class PlannedBacklogTest {
  private static final long T0 = 1_700_000_000_000L;

  private StateImage state = StateImage.EMPTY;
  private long index;

  private void apply(Command c) {
    state = Applier.apply(state, c, ++index).image();
  }

  private void submit(String job) {
    TaskSpec spec = new TaskSpec("api", "local/busybox:1", List.of("sleep", "60"), Map.of(), 1, Resources.of(0.5, 64, 10), null, null);
    apply(new SubmitJob(job, null, new JobSpec(job, List.of(spec)), List.of("t-" + job), T0));
  }

  @Test
  void aChangeElsewhereKeepsThePlan_butANewPendingTaskDoesNot() {
    submit("j-1");
    PlannedBacklog planned = PlannedBacklog.of(state);
    assertThat(planned.unchangedIn(state)).isTrue();

    apply(new RegisterNode("n1", "10.0.0.1", Resources.of(2, 1024, 1000), Map.of(), "process", T0));
    assertThat(planned.unchangedIn(state)).as("a node joined; no task became pending").isTrue();

    submit("j-2");
    assertThat(planned.unchangedIn(state)).as("j-2's task is pending now").isFalse();
  }

  @Test
  void nothingPlannedMatchesNoImage_evenAnEmptyBacklog() {
    assertThat(PlannedBacklog.NONE.unchangedIn(StateImage.EMPTY)).isFalse();
    submit("j-1");
    assertThat(PlannedBacklog.NONE.unchangedIn(state)).isFalse();
  }
}
