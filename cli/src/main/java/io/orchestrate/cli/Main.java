package io.orchestrate.cli;

import io.orchestrate.cli.logging.LogSetup;

/** Entry point of the fat jar and of {@code bin/orchestrate}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Before any class logs, and before a library writes through java.util.logging in its own format.
    LogSetup.start();
    System.exit(OrchestrateCli.commandLine(CliEnvironment.system()).execute(args));
  }
}
