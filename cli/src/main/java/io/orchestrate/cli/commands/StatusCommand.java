package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.client.Table;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Reply;
import io.orchestrate.core.api.JobList;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.TaskView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate status [JOB]}: every job, or one job with its tasks. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
        "Without JOB: list every job with its status (pending, running, complete, failed, stopped) and task counts.",
        "With JOB: show that job and each of its tasks: state, node, restarts, container and the reason for the"
            + " last change (e.g. why a task is still pending)."})
public final class StatusCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(arity = "0..1", paramLabel = "JOB", description = "A job id, as printed by run.")
  String jobId;

  @Override
  public Integer call() {
    ManagersClient managers = client.client();
    if (jobId == null) {
      return client.print(managers.jobs(), this::printJobs);
    }
    Reply<JobView> job = managers.job(jobId);
    if (client.json()) return client.print(job, v -> {});
    List<TaskView> tasks = job.value().tasks() != null ? job.value().tasks() : managers.tasks(jobId).value().tasks();
    printJob(job.value(), tasks);
    return ExitCodes.OK;
  }

  private void printJobs(JobList list) {
    Table table = new Table("ID", "NAME", "STATUS", "TASKS", "RUNNING", "CREATED");
    for (JobView j : list.jobs()) {
      Object total = j.tasks() != null ? (Object) TaskFormat.current(j.tasks()) : j.spec() != null ? j.spec().instanceCount() : null;
      Object running = j.tasks() != null ? TaskFormat.running(j.tasks()) : null;
      table.row(j.id(), j.name(), j.status(), total, running, j.createdAt());
    }
    table.print(client.out());
  }

  private void printJob(JobView j, List<TaskView> tasks) {
    PrintWriter out = client.out();
    out.println("Job:      " + j.id() + " (" + j.name() + ")");
    out.println("Status:   " + j.status());
    out.println("Tasks:    " + TaskFormat.running(tasks) + "/" + TaskFormat.current(tasks) + " running");
    if (j.createdAt() != null) out.println("Created:  " + j.createdAt());
    if (j.stoppedAt() != null) out.println("Stopped:  " + j.stoppedAt());
    out.println();
    TaskFormat.print(out, tasks, false);
  }
}
