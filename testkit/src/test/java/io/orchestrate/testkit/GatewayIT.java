package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.HeartbeatAck;
import io.orchestrate.gateway.protocol.NotLeader;
import io.orchestrate.gateway.protocol.Registered;
import io.orchestrate.gateway.protocol.RunningTask;
import io.orchestrate.manager.Manager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager side of the worker gateway, driven by protocol-speaking fake workers. */
class GatewayIT {
  @TempDir Path dir;

  private static List<JsonNode> tasks(MiniCluster c, String jobId) {
    List<JsonNode> out = new ArrayList<>();
    c.http().get(c.leader().apiAddress().toString(), "/v1/tasks?job=" + jobId).json().path("tasks").forEach(out::add);
    return out;
  }

  @Test
  void followerRedirectsAndLeaderSchedulesReportsAndDeclaresSilentNodesDown() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3, b -> b.heartbeatInterval(Duration.ofMillis(200)).nodeTtl(Duration.ofSeconds(2)));
        FakeWorker w = new FakeWorker("w1", Resources.of(4, 4096, 10_000))) {
      Manager leader = c.leader();
      Manager follower = c.follower();

      w.connect(follower.gatewayAddress().toString()).register(List.of());
      await().atMost(MiniCluster.WAIT).until(() -> !w.received.isEmpty());
      NotLeader nl = (NotLeader) w.received.get(0);
      assertThat(nl.leaderId()).isEqualTo(leader.id());
      assertThat(nl.leaderGateway()).isEqualTo(leader.gatewayAddress().toString());

      w.connect(nl.leaderGateway()).register(List.of());
      await().atMost(MiniCluster.WAIT).until(() -> w.lastDesired() != null);
      Registered reg = (Registered) w.received.get(0);
      long term = reg.term();
      assertThat(w.lastDesired().tasks()).isEmpty();
      ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
      beats.scheduleAtFixedRate(w::heartbeat, 0, 200, TimeUnit.MILLISECONDS);
      try {
        String jobId = c.submit(Jobs.yaml("web"), null).json().path("id").asText();
        await("desired set with the job's 3 tasks").atMost(MiniCluster.WAIT)
            .until(() -> w.lastDesired() != null && w.lastDesired().tasks().size() == 3);
        Desired d = w.lastDesired();
        assertThat(d.term()).isEqualTo(term);
        for (JsonNode t : tasks(c, jobId)) {
          assertThat(t.path("state").asText()).isEqualTo("SCHEDULED");
          assertThat(t.path("node").asText()).isEqualTo("w1");
        }

        for (DesiredTask t : d.tasks()) w.report(t.taskId(), t.generation(), TaskState.RUNNING, "c-" + t.taskId());
        await("tasks RUNNING").atMost(MiniCluster.WAIT)
            .until(() -> tasks(c, jobId).stream().allMatch(t -> t.path("state").asText().equals("RUNNING")));
        assertThat(tasks(c, jobId).get(0).path("containerId").asText()).startsWith("c-t-");

        // A report for a generation that is not the current one is stale and ignored.
        DesiredTask first = d.tasks().get(0);
        w.report(first.taskId(), first.generation() + 1000, TaskState.FAILED, "other");
        JsonNode nodes = c.http().get(leader.apiAddress().toString(), "/v1/nodes").json().path("nodes");
        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0).path("state").asText()).isEqualTo("READY");
        assertThat(nodes.get(0).path("connected").asBoolean()).isTrue();
        assertThat(nodes.get(0).path("allocated").path("memoryMb").asLong()).isEqualTo(128 * 2 + 32);
        assertThat(nodes.get(0).path("stats").path("memoryTotalMb").asLong()).isEqualTo(1000);

        // Stopping the job empties the worker's desired set.
        c.http().delete(leader.apiAddress().toString(), "/v1/jobs/" + jobId);
        await("empty desired set").atMost(MiniCluster.WAIT).until(() -> w.lastDesired().tasks().isEmpty());
        assertThat(tasks(c, jobId)).allMatch(t -> t.path("state").asText().equals("STOPPED"));

        // Tasks for a node that falls silent become LOST once its TTL passes.
        String job2 = c.submit(Jobs.yaml("batch"), null).json().path("id").asText();
        await().atMost(MiniCluster.WAIT).until(() -> w.lastDesired().tasks().size() == 3);
      } finally {
        beats.shutdownNow();
      }
      await("node declared DOWN").atMost(MiniCluster.WAIT).until(() ->
          c.http().get(leader.apiAddress().toString(), "/v1/nodes").json().path("nodes").get(0).path("state").asText().equals("DOWN"));
      JsonNode lost = c.http().get(leader.apiAddress().toString(), "/v1/tasks").json().path("tasks");
      long lostCount = 0;
      for (JsonNode t : lost) if (t.path("state").asText().equals("LOST")) lostCount++;
      assertThat(lostCount).isEqualTo(3);
    }
  }

  /**
   * A fleet larger than the heartbeat budget is told to heartbeat less often, and the leader then
   * keeps each node for the TTL it was told: a paced node that beats at its own interval stays
   * READY although that interval is longer than the TTL of a small fleet.
   */
  @Test
  void workersJoiningALargeFleetArePacedAndKeptForTheTtlTheyWereTold() throws Exception {
    // A budget of 2 heartbeats a second: the third worker is told 1.5 s and 9 s instead of 0.5 s and 3 s.
    try (MiniCluster c = MiniCluster.start(dir, 1, b -> b.heartbeatInterval(Duration.ofMillis(500)).nodeTtl(Duration.ofSeconds(3))
            .maxHeartbeatsPerSecond(2));
        FakeWorker w1 = new FakeWorker("w1", Resources.of(2, 2048, 10_000));
        FakeWorker w2 = new FakeWorker("w2", Resources.of(2, 2048, 10_000));
        FakeWorker w3 = new FakeWorker("w3", Resources.of(2, 2048, 10_000))) {
      String gateway = c.leader().gatewayAddress().toString();
      w1.connect(gateway).register(List.of(), true);
      await().atMost(MiniCluster.WAIT).until(() -> !w1.received.isEmpty());
      w2.connect(gateway).register(List.of(), true);
      await().atMost(MiniCluster.WAIT).until(() -> !w2.received.isEmpty());
      w3.connect(gateway).register(List.of(), true);
      await().atMost(MiniCluster.WAIT).until(() -> !w3.received.isEmpty());
      Registered first = (Registered) w1.received.get(0);
      Registered third = (Registered) w3.received.get(0);
      assertThat(first.heartbeatIntervalMs()).isEqualTo(500);
      assertThat(first.ttlMs()).isEqualTo(3000);
      assertThat(third.heartbeatIntervalMs()).isEqualTo(1500);
      assertThat(third.ttlMs()).isEqualTo(9000);
      // Each beats at the interval it was told: w1 and w2 every 0.5 s, w3 every 1.5 s for 6 s (twice
      // the small fleet's TTL): w3 stays READY and connected. (w1 and w2 at 1.5 s, as before, left
      // them half a second inside their 3 s TTL on a loaded machine.)
      long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
      for (int beat = 0; System.nanoTime() < until; beat++) {
        w1.heartbeat();
        w2.heartbeat();
        if (beat % 3 == 0) w3.heartbeat();
        Thread.sleep(500); // the paced interval itself: this is the worker's clock, not a wait for a condition
      }
      assertThat(w3.open()).isTrue();
      assertThat(c.http().get(c.leader().apiAddress().toString(), "/v1/nodes").text()).doesNotContain("DOWN");
    }
  }

  @Test
  void theLeaderAcksEachHeartbeatOfAKeepaliveWorkerAndNoneOfAnOlderOne() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 1, b -> b.heartbeatInterval(Duration.ofMillis(200)).nodeTtl(Duration.ofSeconds(2)));
        FakeWorker fresh = new FakeWorker("w1", Resources.of(2, 2048, 10_000));
        FakeWorker older = new FakeWorker("w2", Resources.of(2, 2048, 10_000))) {
      String gateway = c.leader().gatewayAddress().toString();
      fresh.connect(gateway).register(List.of(), true);
      older.connect(gateway).register(List.of());
      await().atMost(MiniCluster.WAIT).until(() -> fresh.lastDesired() != null && older.lastDesired() != null);
      long term = ((Registered) fresh.received.get(0)).term();
      for (int i = 0; i < 3; i++) older.heartbeat();
      for (int i = 0; i < 3; i++) fresh.heartbeat();
      await().atMost(MiniCluster.WAIT).until(() -> fresh.received.stream().filter(HeartbeatAck.class::isInstance).count() == 3);
      assertThat(fresh.received.stream().filter(HeartbeatAck.class::isInstance).map(HeartbeatAck.class::cast))
          .extracting(HeartbeatAck::seq, HeartbeatAck::term)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, term), org.assertj.core.groups.Tuple.tuple(2L, term),
              org.assertj.core.groups.Tuple.tuple(3L, term));
      // The older worker's beats went first on their own connection and were never answered: it could not read an ack.
      assertThat(older.received).noneMatch(HeartbeatAck.class::isInstance);
      assertThat(older.open()).isTrue();
    }
  }

  /**
   * A node committed DOWN while its connection stays up and it keeps heartbeating (a TTL that ran
   * out while thousands of workers registered at once) comes back READY on its next heartbeat,
   * instead of staying DOWN for as long as the connection lasts.
   */
  @Test
  void aNodeDeclaredDownWhileStillHeartbeatingIsRegisteredAgain() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 1, b -> b.heartbeatInterval(Duration.ofMillis(200)).nodeTtl(Duration.ofSeconds(5)));
        FakeWorker w = new FakeWorker("w1", Resources.of(2, 2048, 10_000))) {
      Manager leader = c.leader();
      w.connect(leader.gatewayAddress().toString()).register(List.of());
      await().atMost(MiniCluster.WAIT).until(() -> nodeState(leader, "w1") == io.orchestrate.core.model.NodeState.READY);

      leader.raft().submitWrite(io.orchestrate.core.codec.CommandCodec.encode(
          new io.orchestrate.core.command.MarkNodeDown("w1", "declared down for the test", System.currentTimeMillis()))).get(10, TimeUnit.SECONDS);
      assertThat(nodeState(leader, "w1")).isEqualTo(io.orchestrate.core.model.NodeState.DOWN);
      assertThat(w.open()).isTrue();

      w.heartbeat();
      await("READY again after a heartbeat").atMost(MiniCluster.WAIT)
          .until(() -> nodeState(leader, "w1") == io.orchestrate.core.model.NodeState.READY);
      assertThat(w.open()).as("on the same connection").isTrue();
    }
  }

  private static io.orchestrate.core.model.NodeState nodeState(Manager m, String node) {
    io.orchestrate.core.model.Node n = m.stateMachine().image().nodes().get(node);
    return n == null ? null : n.state();
  }

  @Test
  void failoverGivesNodesAFreshTtlAndWorkersGetTheirTasksFromTheNewLeader() throws Exception {
    // A 5 s TTL: the fake worker reconnects only once the test has found the new leader, which a loaded machine may delay.
    try (MiniCluster c = MiniCluster.start(dir, 3, b -> b.heartbeatInterval(Duration.ofMillis(200)).nodeTtl(Duration.ofSeconds(5)));
        FakeWorker w = new FakeWorker("w1", Resources.of(4, 4096, 10_000))) {
      Manager leader = c.leader();
      w.connect(leader.gatewayAddress().toString()).register(List.of());
      ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
      beats.scheduleAtFixedRate(() -> {
        if (w.open()) w.heartbeat();
      }, 0, 200, TimeUnit.MILLISECONDS);
      try {
        String jobId = c.submit(Jobs.yaml("web"), null).json().path("id").asText();
        await().atMost(MiniCluster.WAIT).until(() -> w.lastDesired() != null && w.lastDesired().tasks().size() == 3);
        Desired before = w.lastDesired();
        List<RunningTask> running = new ArrayList<>();
        for (DesiredTask t : before.tasks()) {
          w.report(t.taskId(), t.generation(), TaskState.RUNNING, "c-" + t.taskId());
          running.add(new RunningTask(t.taskId(), t.generation(), TaskState.RUNNING, "c-" + t.taskId(), 0, null));
        }
        await().atMost(MiniCluster.WAIT).until(() -> tasks(c, jobId).stream().allMatch(t -> t.path("state").asText().equals("RUNNING")));

        String old = leader.id();
        c.kill(old);
        Manager next = c.leader();
        // The worker finds the new leader (as a real worker does after its connection drops).
        w.connect(next.gatewayAddress().toString()).register(running);
        await().atMost(MiniCluster.WAIT).until(() -> w.lastDesired() != null);
        Desired after = w.lastDesired();
        assertThat(after.term()).isGreaterThan(before.term());
        assertThat(after.tasks()).extracting(DesiredTask::taskId).containsExactlyInAnyOrderElementsOf(
            before.tasks().stream().map(DesiredTask::taskId).toList());
        assertThat(after.tasks()).extracting(DesiredTask::generation).containsExactlyInAnyOrderElementsOf(
            before.tasks().stream().map(DesiredTask::generation).toList());

        // Longer than a TTL after the failover: the heartbeating node is still READY, its tasks untouched.
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        await().atMost(MiniCluster.WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
          JsonNode n = c.http().get(next.apiAddress().toString(), "/v1/nodes").json().path("nodes").get(0);
          assertThat(n.path("state").asText()).isEqualTo("READY");
          return System.nanoTime() > deadline;
        });
        assertThat(tasks(c, jobId)).allMatch(t -> t.path("state").asText().equals("RUNNING"));
        c.restart(old);
      } finally {
        beats.shutdownNow();
      }
    }
  }
}
