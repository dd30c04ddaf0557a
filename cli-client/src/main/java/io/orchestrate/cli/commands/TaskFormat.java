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
    boolean versions = hasVersions(tasks);
    Table table = new Table(headers(health, versions, withJob));
    for (TaskView t : tasks) table.row(row(t, health, versions, withJob));
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
    boolean[] versions = {false};
    return tasks -> {
      if (table[0] == null) {
        health[0] = hasHealth(tasks);
        versions[0] = hasVersions(tasks);
        table[0] = new TableStream(out, headers(health[0], versions[0], withJob));
      }
      List<Object[]> rows = new ArrayList<>(tasks.size());
      for (TaskView t : tasks) rows.add(row(t, health[0], versions[0], withJob));
      table[0].page(rows);
    };
  }

  private static boolean hasHealth(List<TaskView> tasks) {
    return tasks.stream().anyMatch(t -> t.health() != null);
  }

  /** A VERSION column appears once some task comes from a job version after the first, like HEALTH. */
  private static boolean hasVersions(List<TaskView> tasks) {
    return tasks.stream().anyMatch(t -> t.jobVersion() != null && t.jobVersion() > 1);
  }

  private static List<String> headers(boolean health, boolean versions, boolean withJob) {
    List<String> headers = new ArrayList<>(List.of("ID"));
    if (withJob) headers.add("JOB");
    headers.add("TASK");
    if (versions) headers.add("VERSION");
    headers.add("STATE");
    if (health) headers.add("HEALTH");
    headers.addAll(List.of("NODE", "RESTARTS", "CONTAINER", "REASON"));
    return headers;
  }

  private static Object[] row(TaskView t, boolean health, boolean versions, boolean withJob) {
    List<Object> row = new ArrayList<>(List.of(t.id()));
    if (withJob) row.add(t.jobId());
    row.add(label(t));
    if (versions) row.add(t.jobVersion() == null ? 1 : t.jobVersion());
    row.add(t.state());
    if (health) row.add(t.health());
    row.add(t.node());
    row.add(t.restarts());
    row.add(container(t.containerId()));
    row.add(t.reason());
    return row.toArray();
  }

  /**
   * Tasks that speak for their slot now: an attempt that was replaced (moved, rescheduled) does
   * not, nor, in a job still live, a task a newer job version stopped (replaced or scaled away).
   */
  static long current(List<TaskView> tasks, boolean jobStopped) {
    return tasks.stream().filter(t -> t.replacedBy() == null && (jobStopped || !"STOPPED".equalsIgnoreCase(t.state()))).count();
  }

  static long running(List<TaskView> tasks) {
    return tasks.stream().filter(t -> "RUNNING".equalsIgnoreCase(t.state())).count();
  }
}
