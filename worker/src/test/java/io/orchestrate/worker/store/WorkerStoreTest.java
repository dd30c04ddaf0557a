package io.orchestrate.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.worker.gateway.TermFence;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerStoreTest {
  @TempDir Path dir;

  private static TaskRecord record(String id, long generation, String handle) {
    DesiredTask spec = new DesiredTask(id, "job", "web", 0, generation, "img", List.of("sleep", "9"), Map.of("K", "V"),
        Resources.of(0.5, 32, 0), new RestartPolicy(RestartPolicy.Policy.ALWAYS, 4, 0));
    return new TaskRecord(spec, handle, 2, TaskState.RUNNING, 3, "restarted");
  }

  @Test
  void tasksAndTermSurviveAReopen() {
    try (WorkerStore s = WorkerStore.open(dir)) {
      assertThat(s.highestTerm()).isZero();
      s.putTask(record("a", 1, "h1"));
      s.putTask(record("b", 2, "h2"));
      s.putTask(record("a", 3, "h3"));
      s.deleteTask("b");
      s.setHighestTerm(7);
    }
    try (WorkerStore s = WorkerStore.open(dir)) {
      assertThat(s.tasks()).containsOnlyKeys("a");
      assertThat(s.tasks().get("a")).isEqualTo(record("a", 3, "h3"));
      assertThat(s.highestTerm()).isEqualTo(7);
    }
  }

  @Test
  void theFenceRejectsLowerTermsAndRemembersAcrossReopen() {
    try (WorkerStore s = WorkerStore.open(dir)) {
      TermFence f = new TermFence(s);
      assertThat(f.admit(3)).isTrue();
      assertThat(f.admit(3)).as("same term").isTrue();
      assertThat(f.admit(2)).as("lower term").isFalse();
      assertThat(f.admit(5)).isTrue();
    }
    try (WorkerStore s = WorkerStore.open(dir)) {
      TermFence f = new TermFence(s);
      assertThat(f.highest()).isEqualTo(5);
      assertThat(f.admit(4)).isFalse();
    }
  }
}
