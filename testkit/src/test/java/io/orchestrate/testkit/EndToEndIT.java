package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.manager.Manager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Managers and real workers (process driver) together: placement, failover, stop. */
class EndToEndIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  static final String SLEEPERS = """
      name: sleepers
      tasks:
        - name: api
          image: local/busybox:1
          command: ["sh", "-c", "sleep 600"]
          count: 4
          resources: {cpu: 0.5, memoryMb: 64}
        - name: proxy
          image: local/busybox:1
          command: ["sh", "-c", "sleep 600"]
          resources: {cpu: 0.1, memoryMb: 32}
      """;

  @Test
  void tasksRunOnWorkersAndALeaderFailoverTouchesNone() {
    // The TTL bounds how long the workers have to find the new leader before their tasks would move:
    // 6 s leaves a loaded machine seconds of slack over the election and the reconnects.
    try (MiniCluster c = MiniCluster.start(dir, 3, b -> b.heartbeatInterval(Duration.ofMillis(250)).nodeTtl(Duration.ofSeconds(6)))) {
      c.startWorker("w1", "process", Resources.of(4, 1024, 1000));
      c.startWorker("w2", "process", Resources.of(4, 1024, 1000));
      String job = Tasks.submit(c, SLEEPERS);
      await("all 5 tasks RUNNING").atMost(WAIT).until(() -> Tasks.allIn(c, job, "RUNNING"));
      Set<String> nodes = new HashSet<>();
      for (JsonNode t : Tasks.of(c, job)) {
        nodes.add(t.path("node").asText());
        assertThat(t.path("containerId").asText()).isNotEmpty();
        assertThat(t.path("restarts").asInt()).isZero();
      }
      assertThat(nodes).as("E-PVM spreads load over both workers").containsExactlyInAnyOrder("w1", "w2");
      Map<String, String> before = Tasks.identities(c, job);
      long startsBefore = c.worker("w1").tasks().size() + c.worker("w2").tasks().size();

      Manager old = c.leader();
      c.kill(old.id());
      Manager next = c.leader();
      String nextGateway = next.gatewayAddress().toString();
      await("both workers follow the new leader").atMost(WAIT).until(() ->
          nextGateway.equals(String.valueOf(c.worker("w1").gateway().connectedTo()))
              && nextGateway.equals(String.valueOf(c.worker("w2").gateway().connectedTo())));
      // Every task keeps its copy: same container (process) id, same node, zero restarts.
      assertThat(Tasks.identities(c, job)).isEqualTo(before);
      assertThat(Tasks.allIn(c, job, "RUNNING")).isTrue();
      assertThat(c.worker("w1").tasks().size() + c.worker("w2").tasks().size()).isEqualTo(startsBefore);

      String second = Tasks.submit(c, SLEEPERS.replace("name: sleepers", "name: second"));
      await("a job submitted after the failover runs").atMost(WAIT).until(() -> Tasks.allIn(c, second, "RUNNING"));
      assertThat(Tasks.identities(c, job)).isEqualTo(before);

      c.http().delete(next.apiAddress().toString(), "/v1/jobs/" + job);
      await("the stopped job's copies are gone from the workers").atMost(WAIT).until(() ->
          c.worker("w1").tasks().keySet().stream().noneMatch(before::containsKey)
              && c.worker("w2").tasks().keySet().stream().noneMatch(before::containsKey));
      c.restart(old.id());
    }
  }

  @Test
  void aTaskTooLargeForEveryNodeStaysPendingWithTheSchedulersReason() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      c.startWorker("w1", "process", Resources.of(2, 2048, 1000));
      String job = Tasks.submit(c, """
          name: huge
          tasks:
            - name: db
              image: local/busybox:1
              command: ["sleep", "600"]
              resources: {cpu: 1, memoryMb: 4096}
          """);
      await("a reason on the pending task").atMost(WAIT).until(() -> Tasks.of(c, job).get(0).path("reason").asText().contains("4096"));
      JsonNode t = Tasks.of(c, job).get(0);
      assertThat(t.path("state").asText()).isEqualTo("PENDING");
      assertThat(t.path("reason").asText()).isEqualTo("no ready node has 4096 MB free memory; best has 2048 MB");
      // The reason is replicated: a follower's stale read shows it too.
      JsonNode viaFollower = c.http().get(c.follower().apiAddress().toString(), "/v1/jobs/" + job).json();
      assertThat(viaFollower.path("tasks").get(0).path("reason").asText()).contains("4096 MB");
    }
  }
}
