package io.orchestrate.manager.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.manager.raft.OrchestrateStateMachine;
import io.orchestrate.manager.raft.RaftNode;
import io.orchestrate.manager.raft.StateMachineHarness;
import io.orchestrate.manager.store.ManagerStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline restore: a whole Raft storage or none, and the work of an interrupted one cleared away. */
class SnapshotRestoreTest {
  @TempDir Path dir;
  private Path file;
  private ManagerStore.Digest source;

  @BeforeEach
  void save() throws Exception {
    Path db = dir.resolve("source-db");
    StateMachineHarness.writeJobs(db, 4, 42, "j-a", "j-b");
    source = StateMachineHarness.digestOf(db);
    Path cp = dir.resolve("cp");
    try (ManagerStore s = ManagerStore.open(db)) {
      s.checkpoint(cp);
    }
    file = dir.resolve("c.snapshot");
    try (OutputStream out = Files.newOutputStream(file)) {
      SnapshotArchive.write(cp, new SnapshotManifest(null, 0, "c", "m1", 42, 4, "2026-01-01T00:00:00Z", null, null), out);
    }
  }

  @Test
  void theRestoredStorageStartsWithTheSnapshotsStateAndAnInterruptedRestoresWorkIsRemoved() throws Exception {
    Path data = dir.resolve("data");
    Path stale = Files.createDirectories(data.resolve(".restore-0b7e0a4c-6c55-4a8e-9d6e-1f0f3c1d2e3a/checkpoint"));
    Files.writeString(stale.resolve("000001.sst"), "half");

    SnapshotRestore.Restored r = SnapshotRestore.restore(file, data, "c");

    assertThat(r.removedLeftovers()).containsExactly(data.resolve(".restore-0b7e0a4c-6c55-4a8e-9d6e-1f0f3c1d2e3a"));
    try (var s = Files.list(data)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("raft", "restored-from.json");
    }
    try (StateMachineHarness h = StateMachineHarness.existing(r.raftDir().resolve(RaftNode.groupId("c").getUuid().toString()))) {
      OrchestrateStateMachine sm = h.start();
      assertThat(sm.image().jobs().keySet()).containsExactlyInAnyOrder("j-a", "j-b");
      assertThat(sm.digest()).isEqualTo(source);
    }
  }

  @Test
  void aFileOverTheLimitsIsRefusedAndLeavesNoWorkBehind() throws Exception {
    Path data = dir.resolve("data");
    assertThatThrownBy(() -> SnapshotRestore.restore(file, data, "c", new SnapshotArchive.Limits(1_000, 100)))
        .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("over the limit for a snapshot");
    assertThat(data).as("nothing written, not even the data directory").doesNotExist();
  }
}
