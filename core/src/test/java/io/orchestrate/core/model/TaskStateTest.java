package io.orchestrate.core.model;

import static io.orchestrate.core.model.TaskState.COMPLETED;
import static io.orchestrate.core.model.TaskState.FAILED;
import static io.orchestrate.core.model.TaskState.LOST;
import static io.orchestrate.core.model.TaskState.PENDING;
import static io.orchestrate.core.model.TaskState.RUNNING;
import static io.orchestrate.core.model.TaskState.SCHEDULED;
import static io.orchestrate.core.model.TaskState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (from, to) pair of task states against the table written out here by hand, not derived from the code. */
class TaskStateTest {
  private static final Map<TaskState, Set<TaskState>> ALLOWED = Map.of(
      PENDING, EnumSet.of(SCHEDULED, STOPPED),
      SCHEDULED, EnumSet.of(RUNNING, COMPLETED, FAILED, LOST, STOPPED),
      RUNNING, EnumSet.of(COMPLETED, FAILED, LOST, STOPPED),
      COMPLETED, EnumSet.noneOf(TaskState.class),
      FAILED, EnumSet.noneOf(TaskState.class),
      LOST, EnumSet.noneOf(TaskState.class),
      STOPPED, EnumSet.noneOf(TaskState.class));

  static Stream<Arguments> everyPair() {
    List<Arguments> pairs = new ArrayList<>();
    for (TaskState from : TaskState.values()) {
      for (TaskState to : TaskState.values()) pairs.add(Arguments.of(from, to, ALLOWED.get(from).contains(to)));
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @MethodSource("everyPair")
  void transition(TaskState from, TaskState to, boolean allowed) {
    assertThat(from.canTransitionTo(to)).isEqualTo(allowed);
    assertThat(from.allowedNext().contains(to)).isEqualTo(allowed);
  }

  @Test
  void theTableCoversEveryStateAndEveryPairIsTested() {
    assertThat(ALLOWED).containsOnlyKeys(TaskState.values());
    assertThat(everyPair()).hasSize(49);
  }

  @Test
  void terminalStatesAreExactlyTheOnesWithNoWayOut() {
    assertThat(EnumSet.allOf(TaskState.class).stream().filter(TaskState::isTerminal))
        .containsExactlyInAnyOrder(COMPLETED, FAILED, LOST, STOPPED);
  }

  @Test
  void onlyScheduledAndRunningOccupyANode() {
    assertThat(EnumSet.allOf(TaskState.class).stream().filter(TaskState::isPlaced)).containsExactlyInAnyOrder(SCHEDULED, RUNNING);
  }

  @Test
  void noStateMayStayInPlace() {
    for (TaskState s : TaskState.values()) assertThat(s.canTransitionTo(s)).as(s.name()).isFalse();
  }

  @Test
  void allowedNextCannotBeUsedToChangeTheTable() {
    Set<TaskState> next = PENDING.allowedNext();
    try {
      next.add(RUNNING);
    } catch (UnsupportedOperationException expected) {
      // an unmodifiable view is fine too
    }
    assertThat(PENDING.canTransitionTo(RUNNING)).isFalse();
  }
}
