package io.orchestrate.manager.snapshot;

import io.orchestrate.core.codec.Json;
import io.orchestrate.core.util.FileTrees;
import io.orchestrate.manager.raft.RaftNode;
import io.orchestrate.manager.raft.SnapshotStorage;
import io.orchestrate.manager.store.Durable;
import io.orchestrate.manager.store.ManagerStore;
import io.orchestrate.manager.store.Mutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;

/**
 * Seeds a brand-new manager's data directory from a snapshot file, offline.
 *
 * <p>The restored state becomes a Ratis snapshot {@code snapshot.1_N} in a freshly formatted Raft
 * storage with an empty log and current term 1, so Ratis itself starts the new cluster's log at
 * N+1 and the state machine never has to guess which entries to skip. The state's own applied
 * (term, index) is rewritten to (1, N) to match: the new cluster's history starts at term 1 (Ratis
 * treats a voter whose last entry has term 0 as having an empty log and would never elect anyone),
 * and its later entries and snapshots (index above N, term 1 and up) sort after the restored one. Every manager of the new cluster must be
 * restored from the same file (or join it later with {@code --join}): a member with an empty log
 * could otherwise win an election among other empty members and lead an empty cluster.
 *
 * <p>Nothing is written into the data directory until the file has been verified whole and the
 * new storage is complete and synced in a temporary directory beside it; then one rename puts it
 * in place, so a crash leaves either no {@code raft/} (run the restore again: it removes the
 * interrupted one's work directory) or a whole one.
 */
public final class SnapshotRestore {
  /** The term a restored cluster's history starts in. */
  static final long TERM = 1;
  /** Prefix of the work directory a restore builds in, beside {@code raft/} in the data directory. */
  static final String WORK_PREFIX = ".restore-";

  private SnapshotRestore() {}

  /** What was restored, and the leftovers of earlier interrupted restores that were removed first. */
  public record Restored(SnapshotManifest manifest, Path raftDir, List<Path> removedLeftovers) {}

  /**
   * @param clusterName the new cluster's name; must equal the snapshot's, which keeps a file
   *                    from the wrong cluster out (the Raft group id derives from it)
   */
  public static Restored restore(Path file, Path dataDir, String clusterName) throws InvalidSnapshotException, IOException {
    return restore(file, dataDir, clusterName, SnapshotArchive.Limits.DEFAULT);
  }

  public static Restored restore(Path file, Path dataDir, String clusterName, SnapshotArchive.Limits limits)
      throws InvalidSnapshotException, IOException {
    Path raftDir = dataDir.resolve("raft");
    if (Files.exists(raftDir)) {
      throw new IllegalStateException("data directory " + dataDir + " already holds a manager's Raft storage (" + raftDir
          + "); restore seeds a brand-new manager, so give it an empty --data-dir");
    }
    SnapshotManifest m = SnapshotArchive.verify(file, limits);
    if (!m.clusterName().equals(clusterName)) {
      throw new InvalidSnapshotException(file + " is a snapshot of cluster '" + m.clusterName() + "', not '" + clusterName
          + "'; pass --cluster-name " + m.clusterName() + " to restore it as that cluster");
    }
    Files.createDirectories(dataDir);
    // A restore stopped by a crash never renamed its work into place; without raft/ its work is just litter.
    List<Path> leftovers = new ArrayList<>();
    try (Stream<Path> s = Files.list(dataDir)) {
      s.filter(p -> p.getFileName().toString().startsWith(WORK_PREFIX)).forEach(leftovers::add);
    }
    for (Path p : leftovers) FileTrees.deleteRecursively(p);
    Path tmp = dataDir.resolve(WORK_PREFIX + UUID.randomUUID());
    try {
      Path checkpoint = tmp.resolve("checkpoint");
      Files.createDirectories(tmp);
      SnapshotArchive.extract(file, checkpoint, limits);
      Path groupDir = tmp.resolve("raft").resolve(RaftNode.groupId(clusterName).getUuid().toString());
      format(groupDir);
      Path snapshots = groupDir.resolve("sm").resolve("snapshots");
      Files.createDirectories(snapshots);
      try (ManagerStore store = ManagerStore.open(checkpoint)) {
        long[] applied = store.applied();
        if (applied == null || applied[1] != m.appliedIndex()) {
          throw new InvalidSnapshotException(file + " is inconsistent: its state is at index "
              + (applied == null ? "none" : applied[1]) + " but the manifest says " + m.appliedIndex());
        }
        store.commit(new Mutations(), TERM, m.appliedIndex());
        store.checkpoint(snapshots.resolve(SnapshotStorage.dirName(TermIndex.valueOf(TERM, m.appliedIndex()))));
      }
      // Everything under raft/ reaches the disk before the one rename that makes it the manager's storage.
      Durable.syncTree(tmp.resolve("raft"));
      Durable.rename(tmp.resolve("raft"), raftDir);
      Durable.writeAtomically(dataDir.resolve("restored-from.json"), Json.pretty(m).getBytes(StandardCharsets.UTF_8));
      return new Restored(m, raftDir, List.copyOf(leftovers));
    } finally {
      FileTrees.deleteRecursively(tmp);
    }
  }

  private static void format(Path groupDir) throws IOException {
    Files.createDirectories(groupDir);
    RaftStorage storage = RaftStorage.newBuilder().setDirectory(groupDir.toFile())
        .setOption(RaftStorage.StartupOption.FORMAT)
        .setStorageFreeSpaceMin(RaftServerConfigKeys.STORAGE_FREE_SPACE_MIN_DEFAULT)
        .build();
    storage.initialize();
    // The current term must not be below the last entry's (the snapshot's) term.
    storage.getMetadataFile().persist(org.apache.ratis.server.storage.RaftStorageMetadata.valueOf(TERM, org.apache.ratis.protocol.RaftPeerId.valueOf("")));
    storage.close();
  }
}
