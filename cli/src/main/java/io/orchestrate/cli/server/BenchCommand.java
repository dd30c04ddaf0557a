package io.orchestrate.cli.server;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code orchestrate bench ...}: load generators that print throughput and latency figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure the control plane: throughput and latency under load, with the CPU it took.",
    subcommands = {BenchSubmitCommand.class})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
