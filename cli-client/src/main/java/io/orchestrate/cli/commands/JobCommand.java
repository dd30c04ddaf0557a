package io.orchestrate.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code orchestrate job ...}: a job's versions. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
        "A job's versions. A job is identified by its name among live jobs: running a file whose name a live job has"
            + " makes a new version of it (or nothing, when the file is the live version). The last 10 versions are kept."},
    subcommands = {JobHistoryCommand.class, JobRevertCommand.class})
public final class JobCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
