package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.core.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone who reaches a manager's Raft port can send a write. What the leader lets into the log is
 * applied by every replica on every restart, so a bad entry would stop the cluster for good: the
 * leader must refuse it to its sender, and the cluster must go on serving, also after every
 * manager restarts and replays its log.
 */
class LogEntryGateIT {
  static final byte[] GARBAGE = "this is not a command".getBytes(StandardCharsets.UTF_8);

  static SubmitJob forged(String taskId, String network) {
    TaskSpec t = new TaskSpec("api", "local/busybox:1", List.of("sh"), Map.of(), 1, Resources.of(0.1, 32, 0),
        new RestartPolicy(RestartPolicy.Policy.NEVER, 0, 0)).withNetwork(network);
    return new SubmitJob("j-00000000000000ff", null, new JobSpec("owned", List.of(t)), List.of(taskId), 1_700_000_000_000L);
  }

  @Test
  void garbageAndInvalidCommandsFromARawClientAreRefusedAndTheClusterKeepsServing(@TempDir Path dir) throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      c.leader();
      long termBefore = c.http().get(c.leader().apiAddress().toString(), "/v1/health").json().path("term").asLong();
      try (RawRaftClient raw = new RawRaftClient(c)) {
        assertRefused(raw, GARBAGE, "not a readable command");
        assertRefused(raw, CommandCodec.encode(forged("t-../../../tmp/owned", null)), "taskIds[0] 't-../../../tmp/owned' must be");
        assertRefused(raw, CommandCodec.encode(forged("t-1", "container:victim")), "spec: tasks[0].network must be one of");
        assertRefused(raw, "{\"type\":\"job.stop\",\"v\":9,\"body\":{}}".getBytes(StandardCharsets.UTF_8), "has version 9");
      }
      assertThat(c.submit(Jobs.yaml("after-garbage"), null).status()).isEqualTo(201);
      String digest = c.awaitSameDigest();
      assertThat(c.http().get(c.leader().apiAddress().toString(), "/v1/jobs/j-00000000000000ff").status())
          .as("the forged job was not committed").isEqualTo(404);
      assertThat(c.http().get(c.leader().apiAddress().toString(), "/v1/health").json().path("term").asLong())
          .as("refusing a write is not a reason to change leaders").isEqualTo(termBefore);

      // Every manager replays its log from disk: nothing in it stops them.
      for (String id : c.ids()) c.kill(id);
      for (String id : c.ids()) c.restart(id);
      c.leader();
      assertThat(c.awaitSameDigest()).isEqualTo(digest);
      for (String id : c.ids()) {
        assertThat(c.http().get(c.api(id), "/v1/health").json().path("status").asText()).isIn("ok", "no-leader");
      }
      assertThat(c.submit(Jobs.yaml("after-restart"), null).status()).isEqualTo(201);
    }
  }

  static void assertRefused(RawRaftClient raw, byte[] entry, String why) {
    Throwable thrown = null;
    RaftClientReply reply = null;
    try {
      reply = raw.write(entry);
    } catch (Exception e) {
      thrown = e;
    }
    if (thrown == null) {
      assertThat(reply.isSuccess()).as("a write of %s was accepted", new String(entry, StandardCharsets.UTF_8)).isFalse();
      thrown = reply.getException();
    }
    Throwable t = thrown;
    while (t != null && !(t instanceof StateMachineException)) t = t.getCause();
    assertThat(t).as("refused by the state machine: %s", thrown).isInstanceOf(StateMachineException.class);
    assertThat(t).hasMessageContaining(why);
  }
}
