package io.orchestrate.core.command;

import io.orchestrate.core.model.TaskState;
import java.util.List;

/**
 * Task status reports from workers, batched by the leader. A report counts only if it comes from
 * the node the task is placed on and for the generation it runs; anything else is stale and
 * ignored at apply (a worker partitioned away may still report on copies that were moved).
 */
public record ReportTasks(List<Report> reports) implements Command {
  public ReportTasks {
    reports = List.copyOf(reports);
  }

  public record Report(String nodeId, String taskId, long generation, TaskState state, int restarts, String containerId,
      Integer exitCode, String reason, long atMillis) {}

  @Override
  public CommandType type() {
    return CommandType.REPORT_TASKS;
  }
}
