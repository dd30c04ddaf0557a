package io.orchestrate.cli.commands;

import io.orchestrate.client.Table;
import io.orchestrate.client.TableStream;
import io.orchestrate.core.api.TaskView;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
    boolean health = hasHealth(tasks);
    Table table = new Table(headers(health, withJob));
    for (TaskView t : tasks) table.row(row(t, health, withJob));
    table.print(out);
  }

  /**
   * A consumer of pages that prints each as it comes. Whether there is a HEALTH column is decided by
   * the first page (later pages cannot change the header already printed); a listing that fits in
   * one page therefore looks exactly as {@link #print} prints it.
   */
  static Consumer<List<TaskView>> pagePrinter(PrintWriter out, boolean withJob) {
    TableStream[] table = {null};
    boolean[] health = {false};
    return tasks -> {
      if (table[0] == null) {
        health[0] = hasHealth(tasks);
        table[0] = new TableStream(out, headers(health[0], withJob));
      }
      List<Object[]> rows = new ArrayList<>(tasks.size());
      for (TaskView t : tasks) rows.add(row(t, health[0], withJob));
      table[0].page(rows);
    };
  }

  private static boolean hasHealth(List<TaskView> tasks) {
    return tasks.stream().anyMatch(t -> t.health() != null);
  }

  private static List<String> headers(boolean health, boolean withJob) {
    List<String> headers = new ArrayList<>(List.of("ID"));
    if (withJob) headers.add("JOB");
    headers.addAll(List.of("TASK", "STATE"));
    if (health) headers.add("HEALTH");
    headers.addAll(List.of("NODE", "RESTARTS", "CONTAINER", "REASON"));
    return headers;
  }

  private static Object[] row(TaskView t, boolean health, boolean withJob) {
    List<Object> row = new ArrayList<>(List.of(t.id()));
    if (withJob) row.add(t.jobId());
    row.addAll(List.of(label(t), t.state()));
    if (health) row.add(t.health());
    row.add(t.node());
    row.add(t.restarts());
    row.add(container(t.containerId()));
    row.add(t.reason());
    return row.toArray();
  }

  /** Tasks that speak for their slot now: an attempt that was replaced (moved, rescheduled) does not. */
  static long current(List<TaskView> tasks) {
    return tasks.stream().filter(t -> t.replacedBy() == null).count();
  }

  static long running(List<TaskView> tasks) {
    return tasks.stream().filter(t -> "RUNNING".equalsIgnoreCase(t.state())).count();
  }
}
