package io.orchestrate.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code orchestrate acl ...}: setting up API tokens for a cluster. */
@Command(
    name = "acl",
    mixinStandardHelpOptions = true,
    description = "Set up API tokens: `acl bootstrap` makes the first operator token; `orchestrate token` manages the rest.",
    subcommands = {AclBootstrapCommand.class})
public final class AclCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
