package io.orchestrate.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.TaskView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task tables show the job version a task was created from once a job has moved past its first. */
class TaskFormatVersionTest {
  private static TaskView task(String id, int index, String state, Integer jobVersion) {
    return new TaskView(id, "j-1", "api", index, state, "w1", 0, null, null, null, "2026-01-01T00:00:00Z", 0, null, null, null, jobVersion);
  }

  private static List<String> print(List<TaskView> tasks) {
    StringWriter out = new StringWriter();
    PrintWriter w = new PrintWriter(out);
    TaskFormat.print(w, tasks, false);
    w.flush();
    return out.toString().lines().toList();
  }

  @Test
  void aVersionColumnAppearsOnceATaskComesFromALaterVersion() {
    List<String> lines = print(List.of(task("t-1", 0, "STOPPED", 1), task("t-2", 0, "RUNNING", 2)));
    assertThat(lines.get(0)).startsWith("ID   TASK   VERSION  STATE");
    assertThat(lines.get(1)).startsWith("t-1  api/0  1        STOPPED");
    assertThat(lines.get(2)).startsWith("t-2  api/0  2        RUNNING");
  }

  @Test
  void tasksANewerVersionStoppedDoNotCountInALiveJobButDoInAStoppedOne() {
    List<TaskView> tasks = List.of(task("t-1", 0, "STOPPED", 1), task("t-2", 0, "RUNNING", 2), task("t-3", 1, "PENDING", 2));
    assertThat(TaskFormat.current(tasks, false)).isEqualTo(2);
    assertThat(TaskFormat.current(tasks, true)).isEqualTo(3);
  }

  @Test
  void aJobAtItsFirstVersionKeepsTheFamiliarTable() {
    assertThat(print(List.of(task("t-1", 0, "RUNNING", 1))).get(0)).startsWith("ID   TASK   STATE").doesNotContain("VERSION");
    assertThat(print(List.of(task("t-1", 0, "RUNNING", null))).get(0)).doesNotContain("VERSION");
  }
}
