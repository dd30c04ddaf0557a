package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.client.Time;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.testing.docker.RequiresDocker;
import io.orchestrate.testkit.DockerCli;
import io.orchestrate.testkit.MiniCluster;
import io.orchestrate.testkit.RollingJobs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run --wait through a deployment (exit 0 when it succeeded, 1 naming the failing task when reverted), deployments and restart,
 * on a process-driver worker; and the failing update again with real containers on a Docker worker.
 */
class RollingUpdateCliIT {
  @TempDir Path dir;

  private static CliRun cli(String managers, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(new CliEnvironment(Map.of("ORCHESTRATE_MANAGERS", managers), Time.SYSTEM))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  private Path file(String name, String command) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, """
        name: web
        tasks:
          - name: api
            image: local/busybox:1
            command: ["sh", "-c", "%s"]
            count: 2
            resources: {cpu: 0.1, memoryMb: 16, diskMb: 10}
            restart: {maxRestarts: 0}
            update: {maxParallel: 1, minHealthySeconds: 1, healthyDeadlineSeconds: 20, autoRevert: true}
        """.formatted(command), StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void runWaitFollowsTheDeploymentAndRestartRollsEveryTask() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir.resolve("cluster"), 1)) {
      c.startWorker("w1", "process", Resources.of(2, 512, 1000));
      String managers = String.join(",", c.apis());

      CliRun first = cli(managers, "run", "-f", file("v1.yaml", "sleep 3600").toString(), "--wait", "--wait-timeout", "60s");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.err()).contains("submit v0->v1 successful");

      JsonNode before = c.digest(c.leader().id());
      CliRun plan = cli(managers, "plan", "-f", file("v2.yaml", "exit 3").toString());
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      assertThat(plan.out()).contains("api    rolling", "api: rolling: 2 tasks replaced 1 at a time, stop-first (each healthy for 1s within 20s,"
          + " or the job is reverted)", "tasks: 2 created (2 of them replacing), 2 stopped");
      assertThat(c.digest(c.leader().id())).as("a plan writes nothing").isEqualTo(before);

      CliRun bad = cli(managers, "run", "-f", file("v2.yaml", "exit 3").toString(), "--wait", "--wait-timeout", "60s");
      assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
      assertThat(bad.err()).contains("reverted", "api[", "the job was reverted to version 1");

      CliRun list = cli(managers, "deployments", "web");
      assertThat(list.exitCode()).as(list.toString()).isZero();
      assertThat(list.out()).contains("update v1->v2 reverted", "revert v2->v3");

      org.awaitility.Awaitility.await("the revert succeeded").atMost(MiniCluster.WAIT).until(() ->
          cli(managers, "deployments", "web").out().lines().findFirst().orElse("").contains("revert v2->v3 successful"));
      CliRun restart = cli(managers, "restart", "web");
      assertThat(restart.exitCode()).as(restart.toString()).isZero();
      assertThat(restart.out()).contains("restarting:", "restart v3->v3 running");
      org.awaitility.Awaitility.await("the restart succeeded").atMost(MiniCluster.WAIT).until(() ->
          cli(managers, "status", "web").out().contains("restart v3->v3 successful"));
      CliRun busy = cli(managers, "restart", "web", "nope");
      assertThat(busy.exitCode()).as(busy.toString()).isEqualTo(1);
      assertThat(busy.err()).contains("no group 'nope'");
    }
  }

  @Test
  @RequiresDocker(images = "local/busybox:1")
  void runWaitOnDockerExitsNonZeroNamingTheFailingTaskAndThePreviousVersionRunsAgain() throws Exception {
    // The worker's containers carry this node label; they outlive the worker, so the test removes them.
    String dockerNode = "wc-" + UUID.randomUUID().toString().substring(0, 6);
    try {
      runWaitOnDocker(dockerNode);
    } finally {
      DockerCli.removeWithLabel("orchestrate.node=" + dockerNode);
    }
  }

  private void runWaitOnDocker(String dockerNode) throws Exception {
    try (MiniCluster c = MiniCluster.start(dir.resolve("cluster"), 1)) {
      c.startWorker(dockerNode, "docker", Resources.of(2, 1024, 1000));
      String managers = String.join(",", c.apis());
      Path good = Files.write(dir.resolve("good.yaml"), RollingJobs.web("local/busybox:1", "one", "stop-first"));
      Path missing = Files.write(dir.resolve("missing.yaml"), RollingJobs.web("local/nope:1", "one", "stop-first"));

      CliRun first = cli(managers, "run", "-f", good.toString(), "--wait", "--wait-timeout", "120s");
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.err()).contains("submit v0->v1 successful");

      CliRun bad = cli(managers, "run", "-f", missing.toString(), "--wait", "--wait-timeout", "120s");
      assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
      JsonNode failed = null;
      for (JsonNode d : c.http().get(c.api(c.leader().id()), "/v1/deployments?job=web").json().path("deployments")) {
        if (d.path("toVersion").asInt() == 2) failed = d;
      }
      assertThat(failed).as("the deployment of version 2").isNotNull();
      assertThat(failed.path("status").asText()).isEqualTo("reverted");
      String task = failed.path("failedTask").asText();
      assertThat(bad.err()).as(bad.toString()).contains("error: deployment " + failed.path("id").asText() + " of version 2 reverted: task " + task + " (api[",
          "the job was reverted to version 1");

      org.awaitility.Awaitility.await("the revert succeeded").atMost(Duration.ofSeconds(120)).until(() ->
          cli(managers, "deployments", "web").out().lines().findFirst().orElse("").contains("revert v2->v3 successful"));
      List<JsonNode> live = new ArrayList<>();
      for (JsonNode t : c.http().get(c.api(c.leader().id()), "/v1/jobs/web").json().path("tasks")) {
        if (List.of("PENDING", "SCHEDULED", "RUNNING").contains(t.path("state").asText())) live.add(t);
      }
      assertThat(live).hasSize(RollingJobs.COUNT).allSatisfy(t -> {
        assertThat(t.path("state").asText()).isEqualTo("RUNNING");
        assertThat(t.path("health").asText()).isEqualTo("healthy");
      });
      // The engine's own view: three containers run, each of the first version's command, none of the missing image.
      Set<String> containers = new TreeSet<>();
      for (JsonNode t : live) containers.add(t.path("containerId").asText());
      org.awaitility.Awaitility.await("the engine runs exactly the live containers").atMost(Duration.ofSeconds(60))
          .until(() -> new TreeSet<>(DockerCli.runningWithLabel("orchestrate.node=" + dockerNode)), containers::equals);
      for (String id : containers) {
        assertThat(DockerCli.inspect(id, "{{.Config.Image}}")).isEqualTo("local/busybox:1");
        assertThat(DockerCli.inspect(id, "{{json .Config.Cmd}}")).contains("echo one");
      }
    }
  }
}
