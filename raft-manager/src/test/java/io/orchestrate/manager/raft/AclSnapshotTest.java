package io.orchestrate.manager.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.codec.Json;
import io.orchestrate.core.command.BootstrapAcl;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.CreateToken;
import io.orchestrate.core.model.ApiToken;
import io.orchestrate.core.model.TokenRole;
import io.orchestrate.manager.acl.TokenSecrets;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.manager.store.ManagerStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.server.protocol.TermIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** Tokens travel with snapshots, and a snapshot from a release without tokens still opens. */
class AclSnapshotTest {
  private static final long T0 = 1_700_000_000_000L;

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

  private static ApiToken token(String accessor, TokenRole role) {
    return new ApiToken(accessor, TokenSecrets.sha256Hex("secret-of-" + accessor), role, accessor, T0);
  }

  @Test
  void anInstalledSnapshotBringsItsTokensAndTheyStayAfterARestart() throws IOException {
    StateMachineHarness.writeJobs(h.smDir().resolve("db"), 1, 10, "j-old");
    OrchestrateStateMachine sm = h.start();
    assertThat(sm.image().acl().tokens()).isEmpty();

    // The leader's state: at feature level 2, bootstrapped, with a second token, checkpointed as a snapshot at 3_40.
    Path src = tmp.resolve("leader-db");
    try (ManagerStore leader = ManagerStore.open(src)) {
      Applier.Applied level = Applier.apply(StateImage.EMPTY, new io.orchestrate.core.command.SetFeatureLevel(2, java.util.Map.of(), true, 1), 38);
      leader.commit(level.mutations(), 3, 38);
      Applier.Applied a = Applier.apply(level.image(), new BootstrapAcl(token("a-boot", TokenRole.OPERATOR)), 39);
      leader.commit(a.mutations(), 3, 39);
      Applier.Applied b = Applier.apply(a.image(), new CreateToken(token("a-read", TokenRole.READ)), 40);
      assertThat(b.result()).isEqualTo(new CommandResult.Done());
      leader.commit(b.mutations(), 3, 40);
      Files.createDirectories(h.snapshotsDir());
      leader.checkpoint(h.snapshotsDir().resolve("snapshot.3_40"));
    }

    sm.pause();
    sm.reinitialize();

    assertThat(sm.image().acl().bootstrapped()).isTrue();
    assertThat(sm.image().featureLevel()).as("the level comes with the snapshot").isEqualTo(2);
    assertThat(sm.image().acl().tokens()).containsOnlyKeys("a-boot", "a-read");
    assertThat(sm.image().acl().bySecretHash().get(TokenSecrets.sha256Hex("secret-of-a-read")).role()).isEqualTo(TokenRole.READ);

    h.close();
    OrchestrateStateMachine again = h.start();
    assertThat(again.image().acl().tokens()).as("after a restart").containsOnlyKeys("a-boot", "a-read");
    assertThat(again.image().acl().bootstrapped()).isTrue();
  }

  @Test
  void aSnapshotFromAReleaseWithoutTokensOpensAtLevelOneAndTakesABootstrapOnceTheLevelIsRaised() throws Exception {
    writeOldReleaseSnapshot(h.snapshotsDir().resolve("snapshot.1_10"), 1, 10, "j-a");

    OrchestrateStateMachine sm = h.start();

    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 10));
    assertThat(sm.image().jobs()).containsOnlyKeys("j-a");
    assertThat(sm.image().acl().bootstrapped()).isFalse();
    assertThat(sm.image().featureLevel()).isEqualTo(1);
    Applier.Applied early = Applier.apply(sm.image(), new BootstrapAcl(token("a-boot", TokenRole.OPERATOR)), 11);
    assertThat(early.result()).isInstanceOf(CommandResult.Rejected.class);
    Applier.Applied raised = Applier.apply(early.image(),
        new io.orchestrate.core.command.SetFeatureLevel(2, java.util.Map.of("m1", 2), false, 1), 12);
    Applier.Applied a = Applier.apply(raised.image(), new BootstrapAcl(token("a-boot", TokenRole.OPERATOR)), 13);
    assertThat(a.result()).isEqualTo(new CommandResult.Done());
  }

  /** A checkpoint with exactly the column families the release before tokens had, holding one job. */
  private static void writeOldReleaseSnapshot(Path target, long term, long index, String jobId) throws Exception {
    Path db = target.resolveSibling("old-release-db");
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions o = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions cfo = new ColumnFamilyOptions()) {
      List<ColumnFamilyDescriptor> ds = new ArrayList<>();
      ds.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfo));
      for (String name : List.of("jobs", "tasks", "nodes", "managers", "idempotency", "meta")) {
        ds.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfo));
      }
      Files.createDirectories(target.getParent());
      RocksDB rocks = RocksDB.open(o, db.toString(), ds, handles);
      try {
        rocks.put(handles.get(1), jobId.getBytes(StandardCharsets.UTF_8), Json.bytes(StateMachineHarness.job(jobId)));
        rocks.put(handles.get(6), "applied".getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(16).putLong(term).putLong(index).array());
        try (Checkpoint cp = Checkpoint.create(rocks)) {
          cp.createCheckpoint(target.toString());
        }
      } finally {
        for (ColumnFamilyHandle hd : handles) hd.close();
        rocks.close();
      }
    }
  }
}
