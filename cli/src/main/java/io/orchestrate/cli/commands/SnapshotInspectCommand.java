package io.orchestrate.cli.commands;

import io.orchestrate.cli.ExitCodes;
import io.orchestrate.core.codec.Json;
import io.orchestrate.manager.snapshot.InvalidSnapshotException;
import io.orchestrate.manager.snapshot.SnapshotArchive;
import io.orchestrate.manager.snapshot.SnapshotManifest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate snapshot inspect FILE}: verifies a snapshot file offline and prints its manifest. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Check a snapshot file (checksum, completeness) without a cluster, and print what it holds. Exit 1 if it is not valid.")
public final class SnapshotInspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The snapshot file.")
  Path file;

  @Override
  public Integer call() {
    try {
      SnapshotManifest m = SnapshotArchive.verify(file);
      spec.commandLine().getOut().println(Json.pretty(m));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    } catch (InvalidSnapshotException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return ExitCodes.REJECTED;
    }
  }
}
