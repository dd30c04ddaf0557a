package io.orchestrate.cli.commands;

import io.orchestrate.cli.ExitCodes;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.manager.snapshot.InvalidSnapshotException;
import io.orchestrate.manager.snapshot.SnapshotRestore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate snapshot restore FILE --id ID --data-dir DIR --peers ...}: offline; no manager may run on DIR. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
        "Seed the data directory of a brand-new manager from a snapshot file, for recovery after a quorum is lost for good.",
        "Run it for every manager of the new cluster with the same FILE (each with its own --id and --data-dir), then start them",
        "with `orchestrate manager` and the same --peers. The file is verified first; a corrupted, truncated or other cluster's",
        "file is refused and nothing is written. DIR must not hold a manager's state already."})
public final class SnapshotRestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The snapshot file (from `orchestrate snapshot save`).")
  Path file;

  @Option(names = "--id", required = true, paramLabel = "ID", description = "The manager this data directory is for; must appear in --peers.")
  String id;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The new manager's data directory (empty or absent).")
  Path dataDir;

  @Option(names = "--peers", required = true, paramLabel = "ID=HOST:PORT,...", description = "The new cluster's managers, as they will be started.")
  String peers;

  @Option(names = "--cluster-name", defaultValue = "orchestrate", paramLabel = "NAME",
      description = "The new cluster's name; must match the snapshot's (default: ${DEFAULT-VALUE}).")
  String clusterName;

  @Override
  public Integer call() throws IOException {
    Map<String, HostPort> parsed;
    try {
      parsed = ManagerConfig.Builder.parsePeers(peers);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!parsed.containsKey(id)) throw new CommandLine.ParameterException(spec.commandLine(), "--peers must include --id '" + id + "'");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SnapshotRestore.Restored r;
    try {
      r = SnapshotRestore.restore(file, dataDir, clusterName);
    } catch (InvalidSnapshotException e) {
      err.println("error: " + e.getMessage() + "; nothing was restored");
      return ExitCodes.REJECTED;
    } catch (IllegalStateException e) {
      err.println("error: " + e.getMessage() + "; nothing was restored");
      return ExitCodes.REJECTED;
    }
    for (Path left : r.removedLeftovers()) out.printf("removed %s, left by an interrupted restore%n", left);
    out.printf("restored %s into %s: cluster %s, index %d (taken %s from %s)%n", file, dataDir, r.manifest().clusterName(),
        r.manifest().appliedIndex(), r.manifest().createdAt(), r.manifest().managerId());
    out.printf("next: orchestrate manager --id %s --data-dir %s --peers %s --cluster-name %s --api HOST:PORT%n",
        id, dataDir, peers, clusterName);
    out.flush();
    return ExitCodes.OK;
  }
}
