package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.codec.EntryFormat;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.feature.FeatureLevel;
import io.orchestrate.manager.Manager;
import io.orchestrate.manager.ManagerHooks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.raftlog.RaftLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log's encoding across an upgrade in place: a cluster of the previous release (feature level 4)
 * writes JSON entries and refuses a Smile one; its managers, restarted one by one on this release,
 * replay that JSON log; once the operator raises the level to 5, what they write is Smile; every
 * manager restarted replays the mixed log to the same state.
 */
class EntryFormatLevelIT {
  static final String SMILE_REFUSAL = "a log entry in the Smile format needs cluster feature level 5; the cluster is at 4:"
      + " run `orchestrate cluster features upgrade` once every manager runs this release";

  @TempDir Path dir;

  /** Each job submission in {@code m}'s committed log: its job's name and the format of the entry that holds it. */
  private static Map<String, EntryFormat> submissions(Manager m) throws Exception {
    RaftLog log = m.raft().division().getRaftLog();
    Map<String, EntryFormat> out = new HashMap<>();
    for (long i = log.getStartIndex(); i <= log.getLastCommittedIndex(); i++) {
      LogEntryProto e = log.get(i);
      if (e == null || !e.hasStateMachineLogEntry()) continue;
      byte[] data = e.getStateMachineLogEntry().getLogData().toByteArray();
      EntryFormat f = EntryFormat.of(data);
      Command c = CommandCodec.decode(data);
      for (Command one : c instanceof CommandBatch b ? b.commands() : List.of(c)) {
        if (one instanceof SubmitJob s) out.put(s.spec().name(), f);
      }
    }
    return out;
  }

  private static java.util.Set<String> names(Manager m) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (io.orchestrate.core.model.Job j : m.stateMachine().image().jobs().values()) out.add(j.name());
    return out;
  }

  private static List<String> submit(MiniCluster c, String prefix, int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpApi.Reply r = c.submit(Jobs.yaml(prefix + i), null);
      assertThat(r.status()).as(r.text()).isEqualTo(201);
      names.add(prefix + i);
    }
    return names;
  }

  @Test
  void jsonEntriesUntilTheRaiseThenSmileAndTheMixedLogReplays() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3, UnaryOperator.identity(), ManagerHooks.supportingUpTo(4))) {
      List<String> before = submit(c, "old-", 4);
      assertThat(c.leader().stateMachine().image().featureLevel()).isEqualTo(4);
      try (RawRaftClient raw = new RawRaftClient(c)) {
        LogEntryGateIT.assertRefused(raw, CommandCodec.encode(new StopJob("j-00000000000000aa", 1), EntryFormat.SMILE), SMILE_REFUSAL);
      }
      Map<String, EntryFormat> atFour = submissions(c.leader());
      assertThat(atFour).containsOnlyKeys(before).allSatisfy((name, f) -> assertThat(f).as(name).isEqualTo(EntryFormat.JSON));
      c.awaitSameDigest();

      // The rolling upgrade: each manager restarts on this release and replays the JSON log.
      for (String id : c.ids()) {
        c.kill(id);
        c.restart(id);
        await(id + " back with the cluster's jobs").atMost(MiniCluster.WAIT).ignoreExceptions()
            .until(() -> names(c.manager(id)).containsAll(before));
        c.awaitSameDigest();
      }
      await("the raise").atMost(MiniCluster.WAIT).ignoreExceptions().until(() ->
          c.http().postFollowing(c.api(c.leader().id()), "/v1/cluster/features/upgrade", new byte[0], Map.of(), 3).status() == 200);
      for (String id : c.ids()) {
        await(id + " at level 5").atMost(MiniCluster.WAIT).ignoreExceptions()
            .until(() -> c.manager(id).stateMachine().image().featureLevel() == FeatureLevel.HIGHEST);
      }

      List<String> after = submit(c, "new-", 4);
      c.awaitSameDigest();
      for (String id : c.ids()) {
        Map<String, EntryFormat> logged = submissions(c.manager(id));
        for (String n : before) assertThat(logged.get(n)).as(id + ": " + n).isEqualTo(EntryFormat.JSON);
        for (String n : after) assertThat(logged.get(n)).as(id + ": " + n).isEqualTo(EntryFormat.SMILE);
      }

      // Every manager restarted at once replays the mixed log (no snapshot taken: the log holds it all).
      String digest = c.awaitSameDigest();
      for (String id : c.ids()) c.kill(id);
      for (String id : c.ids()) c.restart(id);
      c.leader();
      assertThat(c.awaitSameDigest()).isEqualTo(digest);
      for (String id : c.ids()) {
        assertThat(names(c.manager(id))).as(id).containsAll(before).containsAll(after);
      }
    }
  }
}
