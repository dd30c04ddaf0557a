package io.orchestrate.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which tasks an update stops and which slots it fills, from the diff and the tasks as they are. */
class UpdatePlanTest {
  private static Task task(String id, String group, int index, TaskState state) {
    Task t = Task.pending(id, "j-1", group, index, 1, 1);
    return state == TaskState.PENDING ? t : t.withState(state, null, 2, 2);
  }

  private static GroupChange change(GroupChange.Kind kind, int from, int to) {
    return new GroupChange("api", kind, List.of(), from, to);
  }

  private static final List<Task> TASKS = List.of(
      task("a0", "api", 0, TaskState.RUNNING), task("a1", "api", 1, TaskState.RUNNING), task("a2", "api", 2, TaskState.PENDING),
      task("a3", "api", 3, TaskState.RUNNING), task("old", "api", 1, TaskState.STOPPED), task("p0", "proxy", 0, TaskState.RUNNING));

  @Test
  void scalingDownStopsLiveTasksFromTheHighestIndexAndCreatesNothing() {
    UpdatePlan p = UpdatePlan.of(new JobDiff(List.of(change(GroupChange.Kind.SCALED, 4, 2))), TASKS, 5);
    assertThat(p.stops()).extracting(UpdatePlan.Stop::taskId).containsExactly("a3", "a2");
    assertThat(p.stops().get(0).reason()).isEqualTo("scaled down to 2 in job version 5");
    assertThat(p.creates()).isEmpty();
  }

  @Test
  void scalingUpFillsOnlyTheSlotsAboveTheOldCount() {
    UpdatePlan p = UpdatePlan.of(new JobDiff(List.of(change(GroupChange.Kind.SCALED, 4, 6))), TASKS, 5);
    assertThat(p.stops()).isEmpty();
    assertThat(p.creates()).containsExactly(new UpdatePlan.Slot("api", 4), new UpdatePlan.Slot("api", 5));
  }

  @Test
  void aReplacementStopsEveryLiveTaskOfTheGroupAndRefillsEverySlot() {
    UpdatePlan p = UpdatePlan.of(new JobDiff(List.of(change(GroupChange.Kind.REPLACED, 4, 3),
        new GroupChange("proxy", GroupChange.Kind.UNCHANGED, List.of(), 1, 1))), TASKS, 5);
    assertThat(p.stops()).extracting(UpdatePlan.Stop::taskId).containsExactly("a3", "a2", "a1", "a0");
    assertThat(p.creates()).extracting(UpdatePlan.Slot::index).containsExactly(0, 1, 2);
    assertThat(p.retires()).isEmpty();
  }

  @Test
  void aSlotWaitingForANewAttemptIsTakenOverByItsReplacementOnlyBelowTheNewCount() {
    List<Task> tasks = List.of(task("lost0", "api", 0, TaskState.LOST), task("failed2", "api", 2, TaskState.FAILED),
        task("a1", "api", 1, TaskState.RUNNING));
    UpdatePlan p = UpdatePlan.of(new JobDiff(List.of(change(GroupChange.Kind.REPLACED, 3, 2))), tasks, 2);
    assertThat(p.retires()).containsExactly(new UpdatePlan.Retire("lost0", 0));
    assertThat(p.stops()).extracting(UpdatePlan.Stop::taskId).containsExactly("a1");
  }

  @Test
  void aRemovedGroupStopsItsLiveTasksAndAnAddedOneFillsEverySlot() {
    UpdatePlan removed = UpdatePlan.of(new JobDiff(List.of(change(GroupChange.Kind.REMOVED, 4, 0))), TASKS, 5);
    assertThat(removed.stops()).hasSize(4).allSatisfy(s -> assertThat(s.reason()).isEqualTo("group removed in job version 5"));
    UpdatePlan added = UpdatePlan.of(new JobDiff(List.of(new GroupChange("db", GroupChange.Kind.ADDED, List.of(), 0, 2))), TASKS, 5);
    assertThat(added.creates()).containsExactly(new UpdatePlan.Slot("db", 0), new UpdatePlan.Slot("db", 1));
    assertThat(added.stops()).isEmpty();
  }
}
