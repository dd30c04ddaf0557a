package io.orchestrate.manager.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.manager.store.ManagerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.ratis.server.protocol.TermIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the state machine's store and its latest snapshot are reconciled on start and on a snapshot install. */
class StateMachineRestoreTest {
  @TempDir Path tmp;
  private StateMachineHarness h;

  @BeforeEach
  void setUp() throws IOException {
    h = new StateMachineHarness(tmp.resolve("m1"));
  }

  @AfterEach
  void tearDown() throws IOException {
    h.close();
  }

  @Test
  void aSnapshotWithCommandsTheStoreLacksReplacesTheStoreOnStart() throws IOException {
    StateMachineHarness.writeJobs(h.smDir().resolve("db"), 1, 10, "j-old");
    ManagerStore.Digest snap = h.snapshot(2, 20, 2, 20, "j-old", "j-new");

    OrchestrateStateMachine sm = h.start();

    assertThat(sm.image().jobs().keySet()).containsExactlyInAnyOrder("j-old", "j-new");
    assertThat(sm.digest()).isEqualTo(snap);
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(2, 20));
    // The replaced store is gone; only the restored one and its pointer remain.
    assertThat(h.smEntries()).contains("db.1", "db.current").doesNotContain("db");

    h.close();
    assertThat(h.start().digest()).as("after a restart").isEqualTo(snap);
  }

  @Test
  void aSnapshotAheadOnlyByEntriesWithoutCommandsKeepsTheStore() throws IOException {
    // The leader's no-op at index 12 was the last entry when the snapshot was taken: same data, higher index.
    StateMachineHarness.writeJobs(h.smDir().resolve("db"), 1, 10, "j-a");
    ManagerStore.Digest snap = h.snapshot(2, 12, 1, 10, "j-a");
    Path snapDir = h.snapshotsDir().resolve("snapshot.2_12");
    java.util.List<String> filesBefore = names(snapDir);

    OrchestrateStateMachine sm = h.start();

    assertThat(names(snapDir)).as("reading the snapshot's index leaves its directory as Ratis would ship it").isEqualTo(filesBefore);
    assertThat(sm.digest()).isEqualTo(snap);
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(2, 12));
    assertThat(h.smEntries()).contains("db").doesNotContain("db.1", "db.current");
  }

  @Test
  void aStoreNewerThanTheSnapshotIsKept() throws IOException {
    h.snapshot(1, 10, 1, 10, "j-a");
    StateMachineHarness.writeJobs(h.smDir().resolve("db"), 1, 30, "j-a", "j-b");

    OrchestrateStateMachine sm = h.start();

    assertThat(sm.image().jobs().keySet()).containsExactlyInAnyOrder("j-a", "j-b");
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 30));
  }

  @Test
  void aLostStoreIsRestoredFromTheSnapshot() throws IOException {
    ManagerStore.Digest snap = h.snapshot(1, 10, 1, 10, "j-a");
    OrchestrateStateMachine sm = h.start();
    assertThat(sm.digest()).isEqualTo(snap);
  }

  @Test
  void aNewerSnapshotThatCannotBeReadStopsTheStartWithTheWayOut() throws IOException {
    StateMachineHarness.writeJobs(h.smDir().resolve("db"), 1, 10, "j-a");
    Path bad = Files.createDirectories(h.snapshotsDir().resolve("snapshot.2_20"));
    Files.writeString(bad.resolve("CURRENT"), "MANIFEST-000009\n");

    assertThatThrownBy(h::start).hasStackTraceContaining("snapshot.2_20 is newer but cannot be read; replace this manager, or move that snapshot directory away");
    h.close();

    // The store itself is untouched and starts once the snapshot is moved away.
    Files.move(bad, tmp.resolve("moved-away"));
    assertThat(h.start().image().jobs().keySet()).containsExactly("j-a");
  }

  @Test
  void aFailedInstallKeepsTheOldStoreOpenAndLive() throws IOException {
    StateMachineHarness.writeJobs(h.smDir().resolve("db"), 1, 10, "j-old");
    OrchestrateStateMachine sm = h.start();
    ManagerStore.Digest before = sm.digest();
    // What Ratis leaves after receiving a snapshot whose files do not make a database.
    Path bad = Files.createDirectories(h.snapshotsDir().resolve("snapshot.3_40"));
    Files.writeString(bad.resolve("CURRENT"), "MANIFEST-000009\n");
    Files.write(bad.resolve("000007.sst"), new byte[100]);

    sm.pause();
    assertThatThrownBy(sm::reinitialize).isInstanceOf(IOException.class);

    // Readers on other threads (digest, backup checkpoint) still reach an open database.
    assertThat(sm.digest()).isEqualTo(before);
    assertThat(sm.image().jobs().keySet()).containsExactly("j-old");
    sm.checkpoint(tmp.resolve("backup"));
    assertThat(StateMachineHarness.digestOf(tmp.resolve("backup"))).isEqualTo(before);
    assertThat(h.smEntries()).contains("db").doesNotContain("db.1", "db.current");

    h.close();
    Files.move(bad, tmp.resolve("moved-away"));
    assertThat(h.start().digest()).as("after a restart").isEqualTo(before);
  }

  @Test
  void anInstalledSnapshotReplacesTheStoreWhileItIsOpen() throws IOException {
    StateMachineHarness.writeJobs(h.smDir().resolve("db"), 1, 10, "j-old");
    OrchestrateStateMachine sm = h.start();
    ManagerStore.Digest snap = h.snapshot(3, 40, 3, 39, "j-leader");

    sm.pause();
    sm.reinitialize();

    assertThat(sm.digest()).isEqualTo(snap);
    assertThat(sm.image().jobs().keySet()).containsExactly("j-leader");
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(3, 40));
    assertThat(h.smEntries()).contains("db.1", "db.current").doesNotContain("db");

    h.close();
    assertThat(h.start().digest()).as("after a restart").isEqualTo(snap);
  }

  private static java.util.List<String> names(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
