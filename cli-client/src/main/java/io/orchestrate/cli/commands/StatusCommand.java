package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.cli.ListingOptions;
import io.orchestrate.client.JobFilter;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Reply;
import io.orchestrate.client.TableStream;
import io.orchestrate.client.TaskFilter;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.TaskView;
import java.io.PrintWriter;
import java.util.ArrayList;
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
        "Without JOB: list every job with its status (pending, running, complete, failed, stopped) and task counts,"
            + " in submission order, printed as each page arrives from the managers.",
        "With JOB: show that job and each of its tasks: state, node, restarts, container and the reason for the"
            + " last change (e.g. why a task is still pending)."})
public final class StatusCommand implements Callable<Integer> {
  @Mixin ClientOptions client;
  @Mixin ListingOptions listing;

  @Parameters(arity = "0..1", paramLabel = "JOB", description = "A job id, as printed by run.")
  String jobId;

  @Override
  public Integer call() {
    ManagersClient managers = client.client();
    if (jobId == null) {
      long max = listing.maxRows();
      TableStream table = new TableStream(client.out(), List.of("ID", "NAME", "STATUS", "TASKS", "RUNNING", "CREATED"));
      Listing.print(client, managers.jobPages(JobFilter.all(), max), "jobs", page -> table.page(jobRows(page)));
      return ExitCodes.OK;
    }
    Reply<JobView> job = managers.job(jobId);
    if (client.structured()) return client.print(job, v -> {});
    List<TaskView> tasks = job.value().tasks() != null ? job.value().tasks() : managers.allTasks(TaskFilter.all().withJob(jobId));
    printJob(job.value(), tasks);
    return ExitCodes.OK;
  }

  private static List<Object[]> jobRows(List<JobView> jobs) {
    List<Object[]> rows = new ArrayList<>(jobs.size());
    for (JobView j : jobs) {
      Object total = j.tasks() != null ? (Object) TaskFormat.current(j.tasks()) : j.spec() != null ? j.spec().instanceCount() : null;
      Object running = j.tasks() != null ? TaskFormat.running(j.tasks()) : null;
      rows.add(new Object[] {j.id(), j.name(), j.status(), total, running, j.createdAt()});
    }
    return rows;
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
