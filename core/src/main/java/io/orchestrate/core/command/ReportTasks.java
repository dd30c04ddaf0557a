package io.orchestrate.core.command;

import com.fasterxml.jackson.annotation.JsonInclude;
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

  /** @param health the task's health as its node sees it, or null when it has no health check */
  public record Report(String nodeId, String taskId, long generation, TaskState state, int restarts, String containerId,
      Integer exitCode, String reason, long atMillis, @JsonInclude(JsonInclude.Include.NON_NULL) String health) {

    /** A report on a task without a health check. */
    public Report(String nodeId, String taskId, long generation, TaskState state, int restarts, String containerId,
        Integer exitCode, String reason, long atMillis) {
      this(nodeId, taskId, generation, state, restarts, containerId, exitCode, reason, atMillis, null);
    }
  }

  @Override
  public CommandType type() {
    return CommandType.REPORT_TASKS;
  }
}
