package io.orchestrate.manager.service;

import io.orchestrate.core.util.FileTrees;
import io.orchestrate.manager.raft.OrchestrateStateMachine;
import io.orchestrate.manager.snapshot.SnapshotArchive;
import io.orchestrate.manager.snapshot.SnapshotManifest;
import io.orchestrate.manager.store.ManagerStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Backups: a consistent snapshot of the replicated state packaged as one file
 * ({@link SnapshotArchive}). A linearizable read barrier first makes this manager's state at
 * least as new as every write acknowledged before the request; then a RocksDB checkpoint (hard
 * links, taken while apply goes on) fixes one point, whose (term, index) is read back from the
 * checkpoint itself so the manifest can never disagree with the data.
 *
 * <p>Only the read barrier waits on the Raft group, and it has the request timeout of its own
 * ({@link Reads}: a lost quorum is answered 503 as for any request). Packaging the checkpoint is local disk and
 * CPU work that grows with the state (about a second per 100,000 tasks on two busy cores), so the
 * route's answer is bounded by {@link #PACKAGING_TIME} on top of the request timeout, not by the
 * request timeout alone: with the latter, a state of a million tasks was answered 503 after 5 s,
 * every time, and each retry started another snapshot.
 */
public final class SnapshotService {
  /** What packaging a checkpoint may take beyond the request timeout: minutes for gigabytes of state. */
  public static final java.time.Duration PACKAGING_TIME = java.time.Duration.ofMinutes(10);

  private final Reads reads;
  private final OrchestrateStateMachine sm;
  private final String clusterName;
  private final String managerId;
  private final Clock clock;
  private final Executor blocking;
  private volatile long lastSavedEpochSeconds = -1;

  public SnapshotService(Reads reads, OrchestrateStateMachine sm, String clusterName, String managerId, Clock clock, Executor blocking) {
    this.reads = reads;
    this.sm = sm;
    this.clusterName = clusterName;
    this.managerId = managerId;
    this.clock = clock;
    this.blocking = blocking;
  }

  /** A snapshot file's bytes and its manifest. */
  public record Saved(SnapshotManifest manifest, byte[] bytes) {}

  /** A snapshot at least as new as every write acknowledged before the call. */
  public CompletableFuture<Saved> save() {
    return reads.read(false).thenApplyAsync(image -> {
      Path tmp = sm.snapshotStorage().stateMachineDir().resolve("backup-" + UUID.randomUUID());
      try {
        sm.checkpoint(tmp);
        long[] applied;
        try (ManagerStore copy = ManagerStore.open(tmp)) {
          applied = copy.applied();
        }
        if (applied == null) throw ApiException.unavailable("the state is empty; nothing to save yet");
        SnapshotManifest header = new SnapshotManifest(null, 0, clusterName, managerId, applied[1], applied[0],
            Instant.now(clock).toString(), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotManifest m = SnapshotArchive.write(tmp, header, out);
        lastSavedEpochSeconds = clock.instant().getEpochSecond();
        return new Saved(m, out.toByteArray());
      } catch (IOException e) {
        throw ApiException.unavailable("cannot take a snapshot: " + e.getMessage());
      } finally {
        try {
          FileTrees.deleteRecursively(tmp);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }, blocking);
  }

  /** When this manager last served a snapshot, in epoch seconds; -1 if never since it started. */
  public long lastSavedEpochSeconds() {
    return lastSavedEpochSeconds;
  }
}
