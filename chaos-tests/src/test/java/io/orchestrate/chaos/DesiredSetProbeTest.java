package io.orchestrate.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.chaos.checker.CopySeen;
import io.orchestrate.chaos.checker.DesiredVsRunning;
import io.orchestrate.chaos.checker.WorkerCopies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One look at a worker: the leader's task list and the worker's journal turned into what it should run and what it runs. */
class DesiredSetProbeTest {
  private static final byte[] TASKS = """
      {"tasks":[
        {"id":"t1","jobId":"j1","name":"sleep","index":0,"state":"RUNNING","node":"w1"},
        {"id":"t2","jobId":"j2","name":"sleep","index":0,"state":"SCHEDULED","node":"w1"},
        {"id":"t3","jobId":"j3","name":"sleep","index":0,"state":"STOPPED","node":"w1"},
        {"id":"t4","jobId":"j4","name":"sleep","index":0,"state":"RUNNING","node":"w2"},
        {"id":"t5","jobId":"j5","name":"sleep","index":0,"state":"PENDING"},
        {"id":"t6","jobId":"j6","name":"sleep","index":0,"state":"COMPLETED","node":"w1"}]}
      """.getBytes(StandardCharsets.UTF_8);

  private static CopySeen copy(String taskId, long started, Long ended) {
    return new CopySeen(taskId, "j" + taskId.substring(1), "sleep", 0, 4, "proc-" + taskId, false, started, ended, ended == null ? null : 0,
        ended == null ? null : "exited with code 0");
  }

  @Test
  void theDesiredSetIsWhatTheLeaderHoldsScheduledOrRunningOnTheWorker() throws IOException {
    WorkerCopies journal = new WorkerCopies("w1", null, 0, 0, List.of(copy("t1", 10, null), copy("t2", 11, null), copy("t6", 5, 9L)));

    DesiredVsRunning look = DesiredSetProbe.look("w1", DesiredSetProbe.parseTasks(TASKS), journal, 77);

    assertThat(look.desired()).containsExactly("t1", "t2");
    assertThat(look.running()).extracting(CopySeen::taskId).containsExactly("t1", "t2");
    assertThat(look.leaderStates()).isEmpty();
    assertThat(look.atNanos()).isEqualTo(77);
    assertThat(look.settled()).isTrue();
  }

  @Test
  void aStoppedTaskStillRunningIsNamedWithTheLeadersRecord() throws IOException {
    WorkerCopies journal = new WorkerCopies("w1", null, 0, 0,
        List.of(copy("t1", 10, null), copy("t3", 11, null), copy("t4", 12, null), copy("t9", 13, null)));

    DesiredVsRunning look = DesiredSetProbe.look("w1", DesiredSetProbe.parseTasks(TASKS), journal, 77);

    assertThat(look.desired()).containsExactly("t1", "t2");
    assertThat(look.leaderStates()).isEqualTo(Map.of("t3", "STOPPED", "t4", "RUNNING on w2")); // t9: unknown to the leader
    assertThat(look.settled()).isFalse();
  }

  @Test
  void anUnreadableJournalOrTaskListIsSaid() {
    DesiredVsRunning look = DesiredSetProbe.look("w1", Map.of(), WorkerCopies.unreadable("w1", "connection refused"), 77);
    assertThat(look.error()).contains("connection refused");
    assertThat(look.settled()).isFalse();
    assertThatThrownBy(() -> DesiredSetProbe.parseTasks("{\"jobs\":[]}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("no tasks");
  }
}
