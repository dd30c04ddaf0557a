package io.orchestrate.manager.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.command.CollectGarbage;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.MarkNodeDown;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leader's pick: what is collectable at the cutoffs, oldest first, bounded per command. */
class GarbagePlannerTest {
  private static final long T0 = 1_700_000_000_000L;

  private StateImage s = StateImage.EMPTY;
  private long index;

  private void apply(Command c) {
    s = Applier.apply(s, c, ++index).image();
  }

  private void submitAndStop(String id, long stoppedAt) {
    apply(new SubmitJob(id, "key-" + id, new JobSpec(id, List.of(new TaskSpec("api", "img", List.of(), Map.of(), 1, null, null))),
        List.of(id + "-t1"), T0));
    apply(new StopJob(id, stoppedAt));
  }

  @Test
  void nothingCollectableProposesNothing() {
    apply(new SubmitJob("j", null, new JobSpec("j", List.of(new TaskSpec("api", "img", List.of(), Map.of(), 1, null, null))),
        List.of("t"), T0));
    assertThat(GarbagePlanner.plan(s, T0 + 1_000, T0 + 1_000, T0 + 1_000).command()).isNull();
  }

  @Test
  void namesEndedJobsAndDownNodesOldestFirstWithTheCutoffs() {
    submitAndStop("b", T0 + 20);
    submitAndStop("a", T0 + 30);
    submitAndStop("c", T0 + 10);
    submitAndStop("late", T0 + 500);
    apply(new RegisterNode("n1", "h", Resources.of(1, 1, 1), Map.of(), "process", T0));
    apply(new MarkNodeDown("n1", "gone", T0 + 40));

    CollectGarbage c = GarbagePlanner.plan(s, T0 + 100, T0 + 100, T0 + 200).command();
    assertThat(c).isEqualTo(new CollectGarbage(List.of("c", "b", "a"), List.of("n1"), T0 + 100, T0 + 100, T0 + 200));
  }

  @Test
  void aKindThatIsNotCollectedIsNotScanned() {
    submitAndStop("a", T0);
    apply(new RegisterNode("n1", "h", Resources.of(1, 1, 1), Map.of(), "process", T0));
    apply(new MarkNodeDown("n1", "gone", T0));
    assertThat(GarbagePlanner.plan(s, Long.MIN_VALUE, T0 + 1, T0 + 1).command().jobIds()).isEmpty();
    assertThat(GarbagePlanner.plan(s, T0 + 1, Long.MIN_VALUE, T0 + 1).command().nodeIds()).isEmpty();
  }

  @Test
  void oneCommandNamesAtMostTheBoundAndCountsWhatIsLeft() {
    int n = GarbagePlanner.MAX_JOBS + 3;
    for (int i = 0; i < n; i++) submitAndStop(String.format("j%05d", i), T0 + i);

    GarbagePlanner.Plan p = GarbagePlanner.plan(s, T0 + n, Long.MIN_VALUE, T0 + n);
    assertThat(p.command().jobIds()).hasSize(GarbagePlanner.MAX_JOBS).startsWith("j00000", "j00001");
    assertThat(p.remaining()).isEqualTo(3);

    apply(p.command());
    GarbagePlanner.Plan rest = GarbagePlanner.plan(s, T0 + n, Long.MIN_VALUE, T0 + n);
    assertThat(rest.command().jobIds()).containsExactly("j01000", "j01001", "j01002");
    assertThat(rest.remaining()).isZero();
  }
}
