package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.cli.ListingOptions;
import io.orchestrate.client.TaskFilter;
import io.orchestrate.core.model.TaskState;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrate tasks [--job J] [--node N] [--state S] [--limit N]}: every matching task, printed a page at a time. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = {
        "List tasks (ordered by job, then task and index): state, node, restarts, container and the reason for the last change.",
        "Rows are printed as each page arrives from the managers, however many tasks there are."})
public final class TasksCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClientOptions client;
  @Mixin ListingOptions listing;

  @Option(names = "--job", paramLabel = "JOB", description = "Only this job's tasks (a job id, or a name for its most recent job).")
  String jobId;

  @Option(names = "--node", paramLabel = "NODE", description = "Only tasks placed on this node, in any state.")
  String node;

  @Option(names = "--state", paramLabel = "STATE", description = "Only tasks in this state: PENDING, SCHEDULED, RUNNING, COMPLETED,"
      + " FAILED, LOST or STOPPED (any case).")
  String state;

  @Override
  public Integer call() {
    long max = listing.maxRows();
    if (state != null) checkState();
    TaskFilter filter = TaskFilter.all().withJob(jobId).withNode(node).withState(state);
    Listing.print(client, client.client().taskPages(filter, max), "tasks", TaskFormat.pagePrinter(client.out(), true));
    return ExitCodes.OK;
  }

  /** A typo in the state is a usage error (exit 2), found before any request. */
  private void checkState() {
    try {
      TaskState.valueOf(state.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--state must be one of "
          + String.join(", ", Arrays.stream(TaskState.values()).map(Enum::name).toList()) + " (got '" + state + "')");
    }
  }
}
