package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.client.ApiResponse;
import io.orchestrate.core.codec.Json;
import io.orchestrate.manager.snapshot.InvalidSnapshotException;
import io.orchestrate.manager.snapshot.SnapshotArchive;
import io.orchestrate.manager.service.SnapshotService;
import io.orchestrate.manager.snapshot.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate snapshot save FILE}. */
@Command(
    name = "save",
    mixinStandardHelpOptions = true,
    description = {
        "Save a consistent snapshot of the replicated state (every job, task, node and decision) to FILE.",
        "The file carries the cluster name, applied index, term and a SHA-256 checksum; it is checked after download",
        "and only then renamed into place, so FILE is either a whole snapshot or untouched.",
        "A large state takes a while to package: without --timeout this waits up to 10m for the answer."})
public final class SnapshotSaveCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "FILE", description = "Where to write the snapshot (replaced if it exists).")
  Path file;

  @Override
  public Integer call() throws IOException {
    ApiResponse r = client.longAnswerClient(SnapshotService.PACKAGING_TIME).snapshot();
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".part");
    SnapshotManifest m;
    try {
      Files.write(tmp, r.body());
      m = SnapshotArchive.verify(tmp);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (InvalidSnapshotException e) {
      client.err().println("error: the snapshot received is not valid, nothing was written: " + e.getMessage());
      return ExitCodes.REJECTED;
    } finally {
      Files.deleteIfExists(tmp);
    }
    if (client.structured()) {
      client.printDocument(Json.pretty(m));
    } else {
      client.out().printf("saved %s: cluster %s, index %d, term %d, %d bytes, sha256 %s (from %s)%n", file, m.clusterName(),
          m.appliedIndex(), m.term(), r.body().length, m.sha256(), m.managerId());
    }
    client.out().flush();
    return ExitCodes.OK;
  }
}
