package io.orchestrate.cli.server;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code orchestrate bench}: benchmarks run on this machine that print their figures; each is a subcommand. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {"Benchmarks run on this machine; each prints its figures.",
        "submit: committed submissions per second and latency against 3 manager processes (cold and warm; --vs etcd).",
        "failover: SIGKILL of the leader to the first write a survivor accepts, over N trials.",
        "run: time from submit to N containers running, side by side with Docker swarm mode.",
        "fleet: thousands of simulated workers against 3 manager processes: placements/s, memory, frames, failover."},
    subcommands = {BenchSubmitCommand.class, BenchFailoverCommand.class, BenchRunCommand.class, BenchFleetCommand.class,
        CommandLine.HelpCommand.class})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
