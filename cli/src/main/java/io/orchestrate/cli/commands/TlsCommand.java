package io.orchestrate.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code orchestrate tls ...}: the cluster CA and the certificates of managers, workers and clients. */
@Command(
    name = "tls",
    mixinStandardHelpOptions = true,
    description = {
        "Create the cluster CA, issue certificates from it, and inspect certificates. Offline: no cluster needed.",
        "Every manager, worker and client gets its own certificate, which names its role and its name."},
    subcommands = {TlsInitCommand.class, TlsIssueCommand.class, TlsInspectCommand.class})
public final class TlsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
