package io.orchestrate.cli;

/** Entry point of the fat jar and of {@code bin/orchestrate}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(OrchestrateCommand.commandLine(CliEnvironment.system()).execute(args));
  }
}
