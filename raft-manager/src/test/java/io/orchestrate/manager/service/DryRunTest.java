package io.orchestrate.manager.service;

import static io.orchestrate.manager.state.RollingState.T0;
import static io.orchestrate.manager.state.RollingState.policy;
import static io.orchestrate.manager.state.RollingState.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.JobPlanView;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.core.spec.UpdatePolicy;
import io.orchestrate.manager.state.RollingState;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.Schedulers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a plan (a dry run) says a change would do: replaced at once, rolled by a deployment, scaled; and what would not fit. */
class DryRunTest {
  private static final UpdatePolicy START_FIRST = policy(1, 1, 30, true, UpdatePolicy.START_FIRST);
  private static final UpdatePolicy STOP_FIRST = policy(2, 1, 30, true, UpdatePolicy.STOP_FIRST);

  private final AtomicInteger ids = new AtomicInteger();
  private final DryRun dryRun = new DryRun(Schedulers.defaultAlgorithm(), () -> "j-plan", () -> "p-" + ids.getAndIncrement(), T0 + 1000);

  /** Three copies of "v1" RUNNING on w1, their first deployment finished. */
  private static RollingState running(UpdatePolicy update, Resources capacity) {
    RollingState s = new RollingState(4, capacity);
    assertThat(s.submit(web(3, "v1", update, false))).isInstanceOf(CommandResult.JobSubmitted.class);
    s.runAll(null, T0 + 10);
    return s;
  }

  private static RollingState running(UpdatePolicy update) {
    return running(update, Resources.of(64, 65536, 65536));
  }

  @Test
  void aReplacedGroupWithAnUpdateBlockIsARollingReplacementOfEverySlot() {
    RollingState s = running(START_FIRST);
    StateImage before = s.image();

    JobPlanView p = dryRun.of(before, web(3, "v2", START_FIRST, false));

    assertThat(p.fromVersion()).isEqualTo(1);
    assertThat(p.toVersion()).isEqualTo(2);
    // One new task per slot, every old task stopped, by a deployment with the group's settings.
    assertThat(p.groups()).containsExactly(new JobPlanView.Group("api", "replaced", List.of("command"), 3, 3, 3, 3, START_FIRST));
    assertThat(p.create()).isEqualTo(3);
    assertThat(p.replace()).isEqualTo(3);
    assertThat(p.stop()).isEqualTo(3);
    assertThat(p.placeable()).as(String.valueOf(p.unplaced())).isTrue();
    assertThat(s.image()).as("the image it was given is unchanged").isSameAs(before);
  }

  @Test
  void aGroupWithoutAnUpdateBlockIsReplacedAtOnce() {
    JobPlanView p = dryRun.of(running(null).image(), web(3, "v2", null, false));

    assertThat(p.groups()).containsExactly(new JobPlanView.Group("api", "replaced", List.of("command"), 3, 3, 3, 3, null));
  }

  @Test
  void aCountChangeAloneScalesWithoutARollout() {
    JobPlanView p = dryRun.of(running(START_FIRST).image(), web(5, "v1", START_FIRST, false));

    assertThat(p.groups()).containsExactly(new JobPlanView.Group("api", "scaled", List.of("count"), 3, 5, 2, 0, null));
    assertThat(p.replace()).isZero();
  }

  @Test
  void aStartFirstRolloutNeedsRoomForTheNewCopyBesideTheOldOnes() {
    // Room for three copies of 0.1 cpu and not a fourth.
    Resources three = Resources.of(0.35, 65536, 65536);

    JobPlanView startFirst = dryRun.of(running(START_FIRST, three).image(), web(3, "v2", START_FIRST, false));
    assertThat(startFirst.placeable()).isFalse();
    assertThat(startFirst.unplaced()).singleElement().satisfies(u -> assertThat(u)
        .startsWith("api[0]: ").contains("cpu").endsWith("(in the rollout's first step, while the other old copies still run)"));

    JobPlanView stopFirst = dryRun.of(running(STOP_FIRST, three).image(), web(3, "v2", STOP_FIRST, false));
    assertThat(stopFirst.placeable()).as(String.valueOf(stopFirst.unplaced())).isTrue();
    assertThat(stopFirst.groups().get(0).rolling().maxParallel()).isEqualTo(2);
  }

  @Test
  void aRolloutWhoseNewTasksDoNotAllFitOnceTheOldAreGoneNamesTheSlotLeftOver() {
    UpdatePolicy one = policy(1, 1, 30, true, UpdatePolicy.STOP_FIRST);
    JobSpec bigger = new JobSpec("web", List.of(
        new TaskSpec("api", "local/busybox:1", List.of("v2"), Map.of(), 3, Resources.of(0.5, 16, 0), null, null, null).withUpdate(one)), null);

    // Two of the three fit the node's one cpu; the first step (one old copy stopped, one new started) fits.
    JobPlanView p = dryRun.of(running(one, Resources.of(1, 65536, 65536)).image(), bigger);

    assertThat(p.placeable()).isFalse();
    assertThat(p.unplaced()).hasSize(1).allSatisfy(u -> assertThat(u).startsWith("api[").contains("cpu").doesNotContain("first step"));
  }
}
