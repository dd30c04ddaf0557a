package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.TaskView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrate scale JOB GROUP N}. */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
        "Set a task group's count: a new version of the job with only that count changed.",
        "Scaling up starts the new instances only; scaling down stops the highest-numbered instances. No other task of the"
            + " job is touched. Scaling to the count the group has changes nothing, so this is safe to repeat."})
public final class ScaleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (or id).")
  String job;

  @Parameters(index = "1", paramLabel = "GROUP", description = "The task group, as named under tasks: in the job file.")
  String group;

  @Parameters(index = "2", paramLabel = "N", description = "The new count (at least 1).")
  int count;

  @Override
  public Integer call() {
    if (count < 1) throw new ParameterException(spec.commandLine(), "N (the count) must be >= 1 (got " + count + "); `stop JOB` stops a whole job");
    return client.print(client.client().scaleJob(job, group, count), this::describe);
  }

  private void describe(JobView j) {
    long live = j.tasks() == null ? 0 : j.tasks().stream().filter(t -> t.name().equals(group) && live(t)).count();
    if (Boolean.TRUE.equals(j.unchanged())) {
      client.out().println("job " + j.name() + " unchanged, version " + j.version() + ": " + group + " already has count " + count);
    } else {
      client.out().println("job " + j.name() + " is at version " + j.version() + ": " + group + " count " + count + " (" + live + " live now)");
    }
  }

  private static boolean live(TaskView t) {
    return t.state().equals("PENDING") || t.state().equals("SCHEDULED") || t.state().equals("RUNNING");
  }
}
