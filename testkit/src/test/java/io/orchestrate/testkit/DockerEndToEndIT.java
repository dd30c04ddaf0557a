package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.manager.Manager;
import io.orchestrate.testing.docker.RequiresDocker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Managers and workers with the docker driver against a real engine. Assertions read the engine
 * itself (docker inspect / ps), not only what the API reports.
 */
@RequiresDocker(images = "local/busybox:1")
class DockerEndToEndIT {
  static final Duration WAIT = Duration.ofSeconds(45);
  @TempDir Path dir;
  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String w1 = "dw1-" + run;
  final String w2 = "dw2-" + run;

  @AfterEach
  void removeContainers() {
    DockerCli.removeWithLabel("orchestrate.node=" + w1);
    DockerCli.removeWithLabel("orchestrate.node=" + w2);
  }

  static final String WEB = """
      name: web
      tasks:
        - name: api
          image: local/busybox:1
          command: ["httpd", "-f", "-p", "8080"]
          count: 2
          resources: {cpu: 0.5, memoryMb: 128}
        - name: proxy
          image: local/busybox:1
          command: ["sh", "-c", "sleep 3600"]
          resources: {cpu: 0.1, memoryMb: 32}
      """;

  /**
   * A leader failover and a worker restart must move nothing: both have one TTL to reconnect (a
   * restarted worker also re-reads the engine first). 8 s leaves a loaded machine seconds of slack.
   */
  private static MiniCluster cluster(Path dir) {
    return MiniCluster.start(dir, 3, b -> b.heartbeatInterval(Duration.ofMillis(250)).nodeTtl(Duration.ofSeconds(8)));
  }

  @Test
  void containersRunWithLimitsSurviveLeaderFailoverUntouchedAndAreRemovedOnStop() {
    try (MiniCluster c = cluster(dir)) {
      c.startWorker(w1, "docker", Resources.of(2, 2048, 10_000));
      c.startWorker(w2, "docker", Resources.of(2, 2048, 10_000));
      String job = Tasks.submit(c, WEB);
      await("3 containers RUNNING").atMost(WAIT).until(() -> Tasks.allIn(c, job, "RUNNING"));

      Map<String, String> startedAt = new HashMap<>();
      for (JsonNode t : Tasks.of(c, job)) {
        String cid = t.path("containerId").asText();
        assertThat(DockerCli.inspect(cid, "{{.State.Running}}")).isEqualTo("true");
        assertThat(DockerCli.inspect(cid, "{{index .Config.Labels \"orchestrate.task-id\"}}")).isEqualTo(t.path("id").asText());
        long memory = Long.parseLong(DockerCli.inspect(cid, "{{.HostConfig.Memory}}"));
        assertThat(memory).isEqualTo((t.path("name").asText().equals("api") ? 128 : 32) * 1024L * 1024);
        startedAt.put(cid, DockerCli.inspect(cid, "{{.State.StartedAt}}"));
      }
      Map<String, String> before = Tasks.identities(c, job);
      int containersBefore = DockerCli.withLabel("orchestrate.node=" + w1).size() + DockerCli.withLabel("orchestrate.node=" + w2).size();

      Manager old = c.leader();
      c.kill(old.id());
      Manager next = c.leader();
      String gw = next.gatewayAddress().toString();
      await("workers follow the new leader").atMost(WAIT).until(() ->
          gw.equals(String.valueOf(c.worker(w1).gateway().connectedTo())) && gw.equals(String.valueOf(c.worker(w2).gateway().connectedTo())));
      assertThat(Tasks.identities(c, job)).as("same containers, zero restarts").isEqualTo(before);
      for (Map.Entry<String, String> e : startedAt.entrySet()) {
        assertThat(DockerCli.inspect(e.getKey(), "{{.State.StartedAt}}")).as("container never restarted").isEqualTo(e.getValue());
      }
      assertThat(DockerCli.withLabel("orchestrate.node=" + w1).size() + DockerCli.withLabel("orchestrate.node=" + w2).size())
          .as("no new container was created").isEqualTo(containersBefore);

      String second = Tasks.submit(c, WEB.replace("name: web", "name: second"));
      await("a job submitted after the failover runs").atMost(WAIT).until(() -> Tasks.allIn(c, second, "RUNNING"));

      c.http().delete(next.apiAddress().toString(), "/v1/jobs/" + job);
      await("the stopped job's containers are removed").atMost(WAIT).until(() ->
          startedAt.keySet().stream().allMatch(cid -> DockerCli.inspect(cid, "{{.Id}}").contains("No such")));
      c.restart(old.id());
    }
  }

  @Test
  void aFailingTaskIsRestartedPerPolicyThenFailedWithItsExitCode() {
    try (MiniCluster c = cluster(dir)) {
      c.startWorker(w1, "docker", Resources.of(2, 2048, 10_000));
      String job = Tasks.submit(c, """
          name: crashy
          tasks:
            - name: crash
              image: local/busybox:1
              command: ["sh", "-c", "echo boom; exit 3"]
              resources: {cpu: 0.1, memoryMb: 16}
              restart: {policy: on-failure, maxRestarts: 2, delaySeconds: 0}
          """);
      await("FAILED after its restarts").atMost(WAIT).until(() -> Tasks.allIn(c, job, "FAILED"));
      JsonNode t = Tasks.of(c, job).get(0);
      assertThat(t.path("exitCode").asInt()).isEqualTo(3);
      assertThat(t.path("restarts").asInt()).isEqualTo(2);
      assertThat(t.path("reason").asText()).contains("exited with code 3").contains("2 restarts exhausted").contains("boom");
    }
  }

  @Test
  void aRestartedWorkerReadoptsItsRunningContainers() {
    try (MiniCluster c = cluster(dir)) {
      c.startWorker(w1, "docker", Resources.of(2, 2048, 10_000));
      String job = Tasks.submit(c, WEB);
      await().atMost(WAIT).until(() -> Tasks.allIn(c, job, "RUNNING"));
      Map<String, String> before = Tasks.identities(c, job);
      List<String> containers = DockerCli.withLabel("orchestrate.node=" + w1);

      c.stopWorker(w1);
      for (String cid : containers) assertThat(DockerCli.inspect(cid, "{{.State.Running}}")).isEqualTo("true");
      c.restartWorker(w1);
      await("the worker is back").atMost(WAIT).until(() -> c.worker(w1).tasks().size() == 3
          && String.valueOf(c.worker(w1).gateway().connectedTo()).equals(c.leader().gatewayAddress().toString()));
      assertThat(DockerCli.withLabel("orchestrate.node=" + w1)).containsExactlyInAnyOrderElementsOf(containers);
      assertThat(Tasks.identities(c, job)).isEqualTo(before);
    }
  }

  @Test
  void aTaskWhoseImageCannotBeHadFailsWithinSecondsWithTheReason() {
    try (MiniCluster c = cluster(dir)) {
      c.startWorker(w1, "docker", Resources.of(2, 2048, 10_000));
      long t0 = System.nanoTime();
      String job = Tasks.submit(c, """
          name: ghost
          tasks:
            - name: ghost
              image: local/does-not-exist:0
              resources: {cpu: 0.1, memoryMb: 16}
          """);
      await("FAILED").atMost(Duration.ofSeconds(20)).until(() -> Tasks.allIn(c, job, "FAILED"));
      System.out.printf("missing image: FAILED after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertThat(Tasks.of(c, job).get(0).path("reason").asText()).contains("image local/does-not-exist:0 not available");
    }
  }
}
