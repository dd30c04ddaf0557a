package io.orchestrate.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code orchestrate snapshot ...}: backups of the replicated state, and disaster recovery from them. */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = "Back up the replicated state to a file, check a file, or seed a new cluster from one.",
    subcommands = {SnapshotSaveCommand.class, SnapshotInspectCommand.class, SnapshotRestoreCommand.class})
public final class SnapshotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
