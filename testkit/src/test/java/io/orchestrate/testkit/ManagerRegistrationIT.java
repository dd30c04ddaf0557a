package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.manager.Manager;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.raftlog.RaftLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each manager writes its addresses into the replicated state once, not once per check. */
class ManagerRegistrationIT {
  @TempDir Path dir;

  @Test
  void everyManagerPublishesItsAddressesOnceNotOncePerCheck() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      assertThat(c.submit(Jobs.yaml("web"), null).status()).isEqualTo(201);
      c.awaitSameDigest();

      Manager leader = c.leader();
      RaftLog log = leader.raft().division().getRaftLog();
      assertThat(log.getStartIndex()).as("the log still holds its first entries (no snapshot purged them)").isLessThanOrEqualTo(1);
      // Counted per term: a leader change while a registration is in flight can legitimately
      // commit it twice (the retry reaches a leader whose retry cache never saw the first send);
      // within one term a second copy is a manager sending again what already committed.
      Map<String, Integer> registrations = new TreeMap<>();
      for (long i = log.getStartIndex(); i <= log.getLastCommittedIndex(); i++) {
        LogEntryProto e = log.get(i);
        if (e == null || !e.hasStateMachineLogEntry()) continue;
        Command cmd = CommandCodec.decode(e.getStateMachineLogEntry().getLogData().toByteArray());
        if (cmd instanceof RegisterManager r) registrations.merge(r.manager().id() + " in term " + e.getTerm(), 1, Integer::sum);
      }
      assertThat(registrations.values()).as("registrations per manager and term: " + registrations).allMatch(n -> n == 1);
      assertThat(registrations.keySet().stream().map(k -> k.substring(0, k.indexOf(' '))).distinct().sorted())
          .containsExactly("m1", "m2", "m3");
      for (String id : c.ids()) {
        assertThat(leader.stateMachine().image().managers().get(id).apiAddress()).as("published API address of " + id)
            .isEqualTo(c.api(id));
      }
    }
  }
}
