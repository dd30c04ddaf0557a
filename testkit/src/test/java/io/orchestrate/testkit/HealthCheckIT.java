package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.testing.docker.RequiresDocker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks end to end with the docker driver: the worker checks containers on their bridge
 * addresses, the managers record what it reports, the API shows it. Container ids and states are
 * read from the engine itself.
 */
@RequiresDocker(images = "local/busybox:1")
class HealthCheckIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;
  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String w1 = "hw1-" + run;

  @AfterEach
  void removeContainers() {
    DockerCli.removeWithLabel("orchestrate.node=" + w1);
  }

  static final String JOB = """
      name: checked
      tasks:
        - name: web
          image: local/busybox:1
          command: ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"]
          resources: {cpu: 0.1, memoryMb: 32}
          # A grace period: a container slow to start on a loaded host must not be restarted for it (a pass ends it).
          health: {type: http, path: /, port: 8080, intervalSeconds: 1, timeoutSeconds: 2, failureThreshold: 2, gracePeriodSeconds: 20}
        - name: deaf
          image: local/busybox:1
          command: ["httpd", "-f", "-p", "8080"]
          resources: {cpu: 0.1, memoryMb: 32}
          restart: {policy: on-failure, maxRestarts: 1, delaySeconds: 0}
          health: {type: http, path: /, port: 9090, intervalSeconds: 1, timeoutSeconds: 1, failureThreshold: 2}
        - name: probe
          image: local/busybox:1
          command: ["sh", "-c", "touch /tmp/ready; sleep 3600"]
          resources: {cpu: 0.1, memoryMb: 32}
          health: {type: command, command: ["test", "-f", "/tmp/ready"], intervalSeconds: 1, failureThreshold: 2, gracePeriodSeconds: 20}
      """;

  private static JsonNode named(List<JsonNode> tasks, String name) {
    return tasks.stream().filter(t -> t.path("name").asText().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aServingTaskIsHealthyAndOneWhoseCheckFindsNothingIsRestartedThenFailedAsUnhealthy() {
    // The failover at the end must not move the web task: the worker has one TTL to find the new
    // leader, and 8 s leaves a loaded machine seconds of slack over the election and the reconnect.
    try (MiniCluster c = MiniCluster.start(dir, 3, b -> b.heartbeatInterval(Duration.ofMillis(250)).nodeTtl(Duration.ofSeconds(8)))) {
      c.startWorker(w1, "docker", Resources.of(2, 2048, 10_000));
      String job = Tasks.submit(c, JOB);

      Set<String> deafContainers = new LinkedHashSet<>();
      await("web and probe healthy, deaf FAILED").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
        List<JsonNode> ts = Tasks.of(c, job);
        JsonNode deaf = named(ts, "deaf");
        if (!deaf.path("containerId").asText().isEmpty()) deafContainers.add(deaf.path("containerId").asText());
        return "healthy".equals(named(ts, "web").path("health").asText())
            && "healthy".equals(named(ts, "probe").path("health").asText())
            && "FAILED".equals(deaf.path("state").asText());
      });

      List<JsonNode> ts = Tasks.of(c, job);
      JsonNode web = named(ts, "web");
      assertThat(web.path("state").asText()).isEqualTo("RUNNING");
      assertThat(web.path("restarts").asInt()).isZero();
      String webContainer = web.path("containerId").asText();
      assertThat(DockerCli.inspect(webContainer, "{{.State.Running}}")).isEqualTo("true");
      assertThat(DockerCli.inspect(webContainer, "{{.NetworkSettings.IPAddress}}")).as("checked on its bridge address").isNotBlank();

      JsonNode deaf = named(ts, "deaf");
      assertThat(deaf.path("restarts").asInt()).as("restarted once per its policy").isEqualTo(1);
      assertThat(deaf.path("health").asText()).isEqualTo("unhealthy");
      assertThat(deaf.path("reason").asText()).startsWith("unhealthy: GET http://").contains(":9090/: connection refused")
          .contains("1 restarts exhausted");
      String lastDeaf = deaf.path("containerId").asText();
      assertThat(DockerCli.run("ps", "-q", "--no-trunc", "--filter", "label=orchestrate.task-id=" + deaf.path("id").asText()))
          .as("no copy of the unhealthy task runs in the engine").isEmpty();
      assertThat(deafContainers).as("each restart was a new container").endsWith(lastDeaf);
      if (deafContainers.size() > 1) assertThat(deafContainers.iterator().next()).isNotEqualTo(lastDeaf);

      // `orchestrate status JOB` renders GET /v1/jobs/{id}: every task with a check carries its health there.
      JsonNode status = c.http().get(c.leader().apiAddress().toString(), "/v1/jobs/" + job).json();
      assertThat(status.path("tasks")).extracting(t -> t.path("name").asText() + "=" + t.path("health").asText())
          .containsExactlyInAnyOrder("web=healthy", "deaf=unhealthy", "probe=healthy");
      assertThat(status.at("/spec/tasks/0/health/port").asInt()).as("the spec keeps the block").isEqualTo(8080);

      // Health survives a leader failover: the new leader has the same record.
      String old = c.leader().id();
      c.kill(old);
      await("the new leader shows the same health").atMost(WAIT).until(() ->
          "healthy".equals(named(Tasks.of(c, job), "web").path("health").asText()));
      assertThat(named(Tasks.of(c, job), "web").path("containerId").asText()).isEqualTo(webContainer);
      c.restart(old);
    }
  }
}
