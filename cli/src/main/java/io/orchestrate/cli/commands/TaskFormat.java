package io.orchestrate.cli.commands;

import io.orchestrate.cli.Table;
import io.orchestrate.core.api.TaskView;
import java.io.PrintWriter;
import java.util.List;

/** How tasks look in tables, shared by {@code status JOB} and {@code tasks}. */
final class TaskFormat {
  /** Docker's short form; the full id is in {@code -o json}. */
  static final int SHORT_CONTAINER_ID = 12;

  private TaskFormat() {}

  static String label(TaskView t) {
    return t.name() + "/" + t.index();
  }

  static String container(String id) {
    return id == null || id.length() <= SHORT_CONTAINER_ID ? id : id.substring(0, SHORT_CONTAINER_ID);
  }

  static void print(PrintWriter out, List<TaskView> tasks, boolean withJob) {
    Table table = withJob
        ? new Table("ID", "JOB", "TASK", "STATE", "NODE", "RESTARTS", "CONTAINER", "REASON")
        : new Table("ID", "TASK", "STATE", "NODE", "RESTARTS", "CONTAINER", "REASON");
    for (TaskView t : tasks) {
      if (withJob) {
        table.row(t.id(), t.jobId(), label(t), t.state(), t.node(), t.restarts(), container(t.containerId()), t.reason());
      } else {
        table.row(t.id(), label(t), t.state(), t.node(), t.restarts(), container(t.containerId()), t.reason());
      }
    }
    table.print(out);
  }

  static long running(List<TaskView> tasks) {
    return tasks.stream().filter(t -> "RUNNING".equalsIgnoreCase(t.state())).count();
  }
}
