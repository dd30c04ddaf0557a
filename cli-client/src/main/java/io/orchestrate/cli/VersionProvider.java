package io.orchestrate.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest; "dev" when run from classes (tests, IDE). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = OrchestrateCommand.class.getPackage().getImplementationVersion();
    return new String[] {"orchestrate " + (v == null ? "dev" : v), "Java " + Runtime.version()};
  }
}
