package io.orchestrate.cli.commands;

import io.orchestrate.client.Table;
import io.orchestrate.core.api.TaskView;
import java.io.PrintWriter;
import java.util.ArrayList;
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

  /**
   * One row per task. The HEALTH column appears when some task in the list has a health check, so
   * that tables of jobs without checks keep their familiar shape.
   */
  static void print(PrintWriter out, List<TaskView> tasks, boolean withJob) {
    boolean health = tasks.stream().anyMatch(t -> t.health() != null);
    List<String> headers = new ArrayList<>(List.of("ID"));
    if (withJob) headers.add("JOB");
    headers.addAll(List.of("TASK", "STATE"));
    if (health) headers.add("HEALTH");
    headers.addAll(List.of("NODE", "RESTARTS", "CONTAINER", "REASON"));
    Table table = new Table(headers);
    for (TaskView t : tasks) {
      List<Object> row = new ArrayList<>(List.of(t.id()));
      if (withJob) row.add(t.jobId());
      row.addAll(List.of(label(t), t.state()));
      if (health) row.add(t.health());
      row.add(t.node());
      row.add(t.restarts());
      row.add(container(t.containerId()));
      row.add(t.reason());
      table.row(row.toArray());
    }
    table.print(out);
  }

  /** Tasks that speak for their slot now: an attempt that was replaced (moved, rescheduled) does not. */
  static long current(List<TaskView> tasks) {
    return tasks.stream().filter(t -> t.replacedBy() == null).count();
  }

  static long running(List<TaskView> tasks) {
    return tasks.stream().filter(t -> "RUNNING".equalsIgnoreCase(t.state())).count();
  }
}
