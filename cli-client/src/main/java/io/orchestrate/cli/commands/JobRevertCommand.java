package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.core.api.JobView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrate job revert NAME VERSION}. */
@Command(
    name = "revert",
    mixinStandardHelpOptions = true,
    description = {
        "Submit a kept version's spec again, as a new version (the history keeps the versions in between).",
        "What changes follows the same rules as running a file: a count difference starts or stops only the difference,"
            + " any other change replaces that group's tasks. Reverting to the live version's spec changes nothing."})
public final class JobRevertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (or id).")
  String job;

  @Parameters(index = "1", paramLabel = "VERSION", description = "A kept version, as `job history` lists them.")
  int version;

  @Override
  public Integer call() {
    if (version < 1) throw new ParameterException(spec.commandLine(), "VERSION must be >= 1 (got " + version + ")");
    return client.print(client.client().revertJob(job, version), this::describe);
  }

  private void describe(JobView j) {
    if (Boolean.TRUE.equals(j.unchanged())) {
      client.out().println("job " + j.name() + " unchanged, version " + j.version() + ": version " + version + " is what runs");
    } else {
      client.out().println("job " + j.name() + " is at version " + j.version() + " (the spec of version " + version + ")");
    }
  }
}
