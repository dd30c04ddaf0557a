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

  @picocli.CommandLine.Option(names = {"-w", "--watch"},
      description = "With JOB: print it again each time it or one of its tasks changes (from the event stream), until interrupted.")
  boolean watch;

  /** Stop watching after this many redraws (for scripts and tests); 0 for no limit. */
  @picocli.CommandLine.Option(names = "--max-redraws", hidden = true, defaultValue = "0")
  long maxRedraws;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (watch && jobId == null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--watch needs JOB");
    ManagersClient managers = client.client();
    if (jobId == null) {
      long max = listing.maxRows();
      TableStream table = new TableStream(client.out(), List.of("ID", "NAME", "STATUS", "TASKS", "RUNNING", "CREATED"));
      Listing.print(client, managers.jobPages(JobFilter.all(), max), "jobs", page -> table.page(jobRows(page)));
      return ExitCodes.OK;
    }
    Reply<JobView> job = show(managers);
    if (watch) watch(managers, job);
    return ExitCodes.OK;
  }

  private Reply<JobView> show(ManagersClient managers) {
    Reply<JobView> job = managers.job(jobId);
    if (client.structured()) {
      client.print(job, v -> {});
      return job;
    }
    List<TaskView> tasks = job.value().tasks() != null ? job.value().tasks() : managers.allTasks(TaskFilter.all().withJob(jobId));
    printJob(job.value(), tasks, latestDeployment(managers, job.value()));
    client.out().flush();
    return job;
  }

  /**
   * Redraws on every event about this job. The stream starts just after the index the first view
   * reflects ({@code X-Orchestrate-Index}), so no change between the view and the stream is lost.
   */
  private void watch(ManagersClient managers, Reply<JobView> first) {
    String id = first.value().id();
    String index = first.response().header("X-Orchestrate-Index");
    String from = index == null ? null : Long.toString(Long.parseLong(index) + 1);
    long[] redraws = {0};
    long[] drawnAt = {-1};
    new io.orchestrate.client.EventStreamClient(managers).read(from, "jobs,tasks", true, e -> {
      if (!id.equals(e.job())) return true;
      // One redraw per log entry: the view read after its first event already shows the whole
      // entry (a stop of a job with 100 tasks is one redraw, not 101).
      if (e.index() == drawnAt[0]) return true;
      drawnAt[0] = e.index();
      // A job's tasks are collected only with the job, in the same entry (tasks first).
      if (e.type().equals("job.collected") || e.type().equals("task.collected")) {
        client.out().println("job " + id + " was collected (" + e.id() + ")");
        client.out().flush();
        return false;
      }
      client.out().println();
      client.out().println("--- " + e.id() + " " + EventsCommand.line(e).substring(10).strip());
      show(managers);
      redraws[0]++;
      return maxRedraws == 0 || redraws[0] < maxRedraws;
    });
  }

  private static List<Object[]> jobRows(List<JobView> jobs) {
    List<Object[]> rows = new ArrayList<>(jobs.size());
    for (JobView j : jobs) {
      Object total = j.tasks() != null ? (Object) TaskFormat.current(j.tasks(), "stopped".equals(j.status())) : j.spec() != null ? j.spec().instanceCount() : null;
      Object running = j.tasks() != null ? TaskFormat.running(j.tasks()) : null;
      rows.add(new Object[] {j.id(), j.name(), j.status(), total, running, j.createdAt()});
    }
    return rows;
  }

  /** The job's latest deployment, asked for only when its spec rolls (a group has an update block), else null. */
  private static io.orchestrate.core.model.Deployment latestDeployment(ManagersClient managers, JobView j) {
    if (j.spec() == null || j.spec().tasks().stream().noneMatch(t -> t.update() != null)) return null;
    List<io.orchestrate.core.model.Deployment> all = managers.deployments(j.id()).value().deployments();
    return all.isEmpty() ? null : all.get(0);
  }

  private void printJob(JobView j, List<TaskView> tasks, io.orchestrate.core.model.Deployment deployment) {
    PrintWriter out = client.out();
    out.println("Job:      " + j.id() + " (" + j.name() + ")");
    out.println("Status:   " + j.status());
    if (j.version() != null && j.version() > 1) out.println("Version:  " + j.version() + " (`job history " + j.name() + "`)");
    out.println("Tasks:    " + TaskFormat.running(tasks) + "/" + TaskFormat.current(tasks, "stopped".equals(j.status())) + " running");
    if (j.createdAt() != null) out.println("Created:  " + j.createdAt());
    if (j.stoppedAt() != null) out.println("Stopped:  " + j.stoppedAt());
    if (deployment != null) out.println("Deploy:   " + DeploymentFormat.line(deployment));
    out.println();
    TaskFormat.print(out, tasks, false);
  }
}
