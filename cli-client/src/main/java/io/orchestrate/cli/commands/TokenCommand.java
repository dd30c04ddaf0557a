package io.orchestrate.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code orchestrate token ...}: API tokens (an operator token is needed for each). */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke API tokens. Each needs an operator token (--token or $ORCHESTRATE_TOKEN).",
    subcommands = {TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class})
public final class TokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
