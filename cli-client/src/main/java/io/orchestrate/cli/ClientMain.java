package io.orchestrate.cli;

import picocli.CommandLine;

/** Entry point of the slim client jar, which bin/orchestrate runs for the client commands. */
public final class ClientMain {
  private ClientMain() {}

  public static void main(String[] args) {
    CommandLine cl = OrchestrateCommand.commandLineFor(CliEnvironment.system(), args);
    // This jar alone cannot run them, but whoever reads its help should learn they exist.
    cl.getCommandSpec().usageMessage().footer(
        "%nServer commands (manager, worker, dev, demo, bench, snapshot, tls) run from the full jar, orchestrate.jar;"
            + " bin/orchestrate picks the jar by itself.");
    System.exit(cl.execute(args));
  }
}
