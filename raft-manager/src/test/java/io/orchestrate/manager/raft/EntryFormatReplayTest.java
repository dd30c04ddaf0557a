package io.orchestrate.manager.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.codec.EntryFormat;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.SetFeatureLevel;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.feature.FeatureLevel;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.store.ManagerStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log as a cluster upgraded in place has it: JSON entries written at level 4, the raise to 5, then
 * Smile entries. Applied by the state machine as a follower applies committed entries, it gives the
 * same state as the same commands all in JSON; a restart that replays the Smile part over a store
 * left at the JSON part gets there too; and an entry in neither format stops apply without
 * applying any part of it.
 */
class EntryFormatReplayTest {
  private static final long T0 = 1_700_000_000_000L;
  @TempDir Path tmp;

  private static SubmitJob submit(String id) {
    TaskSpec api = new TaskSpec("api", "local/busybox:1", List.of("httpd", "-f"), Map.of("PORT", "8080"), 2, Resources.of(0.5, 128, 50), null);
    return new SubmitJob(id, "key-" + id, new JobSpec("web-" + id, List.of(api)), List.of(id + "-t1", id + "-t2"), T0);
  }

  /** The commands of the log, one entry each; entries from {@link #RAISE_AT} on are written after the raise to 5. */
  private static List<Command> log() {
    List<Command> out = new ArrayList<>();
    out.add(new SetFeatureLevel(4, Map.of(), true, T0));                                                   // index 1
    out.add(new RegisterNode("w1", "10.0.0.5", Resources.of(4, 8192, 100_000), Map.of("zone", "a"), "docker", T0)); // 2
    out.add(submit("j-1"));                                                                                 // 3
    out.add(new CommandBatch(List.of(submit("j-2"), submit("j-3"), new StopJob("j-1", T0 + 1))));          // 4
    out.add(new SetFeatureLevel(5, Map.of("m1", 5), false, T0 + 2));                                        // 5
    out.add(new CommandBatch(List.of(submit("j-4"), new PlaceTasks(List.of(new PlaceTasks.Placement("j-2-t1", "w1", 4)), T0 + 3))));
    out.add(submit("j-5"));
    out.add(new CommandBatch(List.of(new StopJob("j-3", T0 + 4), submit("j-6"))));
    return out;
  }

  /** The first entry written in Smile (1-based index): the one after the raise. */
  static final int RAISE_AT = 6;

  private static byte[] entry(Command c, long index, boolean upgraded) {
    EntryFormat f = upgraded && index >= RAISE_AT ? EntryFormat.SMILE : EntryFormat.JSON;
    return CommandCodec.encode(c, f);
  }

  static CompletableFuture<Message> apply(OrchestrateStateMachine sm, long index, byte[] data) {
    LogEntryProto e = LogEntryProto.newBuilder().setTerm(1).setIndex(index)
        .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(ByteString.copyFrom(data))).build();
    return sm.applyTransaction(TransactionContext.newBuilder().setStateMachine(sm).setServerRole(RaftPeerRole.FOLLOWER).setLogEntry(e).build());
  }

  /** The first byte of each job record in {@code sm}'s store, read from a checkpoint of it. */
  private static Map<String, Byte> firstBytes(OrchestrateStateMachine sm, Path at) throws Exception {
    sm.checkpoint(at);
    Map<String, Byte> out = new java.util.TreeMap<>();
    try (ManagerStore s = ManagerStore.open(at)) {
      s.forEach(io.orchestrate.manager.store.Cf.JOBS, (k, v) -> out.put(k, v[0]));
    }
    return out;
  }

  private static List<CommandResult> applyAll(OrchestrateStateMachine sm, List<Command> log, int from, int to, boolean upgraded) {
    List<CommandResult> results = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      Message m = apply(sm, i, entry(log.get(i - 1), i, upgraded)).join();
      // An entry the store already holds is skipped on replay and answers nothing.
      results.add(m.getContent().isEmpty() ? null : CommandCodec.decodeResult(m.getContent().toByteArray()));
    }
    return results;
  }

  @Test
  void aLogOfJsonThenSmileEntriesGivesTheStateOfAnAllJsonLog() throws Exception {
    List<Command> log = log();
    try (StateMachineHarness allJson = new StateMachineHarness(tmp.resolve("json"));
        StateMachineHarness upgraded = new StateMachineHarness(tmp.resolve("upgraded"))) {
      List<CommandResult> a = applyAll(allJson.start(), log, 1, log.size(), false);
      List<CommandResult> b = applyAll(upgraded.start(), log, 1, log.size(), true);
      assertThat(b).isEqualTo(a);
      assertThat(upgraded.sm().image().featureLevel()).isEqualTo(FeatureLevel.HIGHEST);
      assertThat(upgraded.sm().image().jobs()).containsOnlyKeys("j-1", "j-2", "j-3", "j-4", "j-5", "j-6");
      assertThat(upgraded.sm().image().tasks().get("j-2-t1").node()).as("the placement in a Smile batch applied").isEqualTo("w1");
      ManagerStore.Digest digest = allJson.sm().digest();
      assertThat(upgraded.sm().digest()).isEqualTo(digest);
      assertThat(upgraded.sm().failure()).isNull();
      // Records written before the raise stay JSON; those written after it are Smile.
      Map<String, Byte> first = firstBytes(upgraded.sm(), tmp.resolve("checkpoint"));
      assertThat(first.get("j-1")).isEqualTo((byte) '{');
      assertThat(first.get("j-2")).isEqualTo((byte) '{');
      assertThat(first.get("j-3")).as("stopped after the raise: rewritten").isEqualTo((byte) 0x01);
      assertThat(first.get("j-5")).isEqualTo((byte) 0x01);

      // After a restart, Ratis replays the log from the start: entries the store holds are skipped by index.
      upgraded.close();
      OrchestrateStateMachine again = upgraded.start();
      applyAll(again, log, 1, log.size(), true);
      assertThat(again.digest()).isEqualTo(digest);
      assertThat(again.image()).isEqualTo(allJson.sm().image());
    }
  }

  @Test
  void aStoreLeftAtTheJsonPartReplaysTheSmilePartToTheSameState() throws Exception {
    List<Command> log = log();
    try (StateMachineHarness reference = new StateMachineHarness(tmp.resolve("ref"));
        StateMachineHarness h = new StateMachineHarness(tmp.resolve("m1"))) {
      applyAll(reference.start(), log, 1, log.size(), false);
      // The earlier release applied the JSON entries and took a snapshot, then stopped.
      OrchestrateStateMachine old = h.start();
      applyAll(old, log, 1, RAISE_AT - 1, true);
      assertThat(old.takeSnapshot()).isEqualTo(RAISE_AT - 1);
      h.close();

      OrchestrateStateMachine upgraded = h.start();
      assertThat(upgraded.image().featureLevel()).isEqualTo(5);
      applyAll(upgraded, log, 1, log.size(), true);
      assertThat(upgraded.digest()).isEqualTo(reference.sm().digest());
    }
  }

  @Test
  void anEntryInNoKnownFormatStopsApplyWithNothingOfItApplied() throws Exception {
    List<Command> log = log();
    try (StateMachineHarness h = new StateMachineHarness(tmp.resolve("m1"))) {
      OrchestrateStateMachine sm = h.start();
      applyAll(sm, log, 1, RAISE_AT, true);
      ManagerStore.Digest before = sm.digest();
      var imageBefore = sm.image();

      // A Smile batch whose second command a later release added: the first must not apply alone.
      byte[] good = CommandCodec.encode(submit("j-9"), EntryFormat.SMILE);
      byte[] later = CommandCodec.encode(new StopJob("j-9", T0), EntryFormat.SMILE);
      byte[] batch = CommandCodec.encodeBatch(List.of(good, later));
      String text = new String(batch, java.nio.charset.StandardCharsets.ISO_8859_1).replace("job.stop", "job.zzzz");
      CompletableFuture<Message> half = apply(sm, RAISE_AT + 1, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      assertThat(half).isCompletedExceptionally();
      assertThat(sm.failure().index()).isEqualTo(RAISE_AT + 1);
      assertThat(sm.failure().error()).contains("unknown command type 'job.zzzz'");
      assertThat(sm.image()).isSameAs(imageBefore);
      assertThat(sm.digest()).isEqualTo(before);
      assertThat(sm.image().jobs()).doesNotContainKey("j-9");
    }
    try (StateMachineHarness h = new StateMachineHarness(tmp.resolve("m2"))) {
      OrchestrateStateMachine sm = h.start();
      applyAll(sm, log, 1, 3, true);
      ManagerStore.Digest before = sm.digest();
      byte[] unknown = CommandCodec.encode(submit("j-9"), EntryFormat.SMILE);
      unknown[0] = 0x07;
      assertThat(apply(sm, 4, unknown)).isCompletedExceptionally();
      assertThat(sm.failure().error()).isEqualTo("UnknownCommandException: log entry is not a readable command: its first byte 0x07 is"
          + " neither '{' (JSON) nor a format byte this build reads (0x01, Smile); an entry of a later release?");
      assertThat(sm.digest()).isEqualTo(before);
      assertThat(apply(sm, 5, CommandCodec.encode(submit("j-10")))).as("nothing applies after it").isCompletedExceptionally();
      assertThat(sm.image().jobs()).containsOnlyKeys("j-1");
    }
  }
}
