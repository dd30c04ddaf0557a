package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.testkit.MiniCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/runbooks/drain-and-retire-worker.md, step by step with the real CLI against real managers and
 * workers, with mutual TLS and API tokens as the runbooks' conventions set them up ({@link Operator}).
 */
class DrainRunbookIT {
  @TempDir Path dir;

  private static List<JsonNode> currentTasks(MiniCluster c, Operator op, String job) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode t : op.http().send("GET", c.leader().apiAddress().toString(), "/v1/tasks?job=" + job, null, op.bearer()).json().path("tasks")) {
      if (t.path("replacedBy").isMissingNode() || t.path("replacedBy").isNull()) out.add(t);
    }
    return out;
  }

  private static JsonNode node(MiniCluster c, Operator op, String id) {
    for (JsonNode n : op.http().send("GET", c.leader().apiAddress().toString(), "/v1/nodes", null, op.bearer()).json().path("nodes")) {
      if (n.path("id").asText().equals(id)) return n;
    }
    throw new AssertionError("no node " + id);
  }

  @Test
  void drainMovesEveryTaskThenTheWorkerIsRetired() throws Exception {
    try (MiniCluster c = Operator.secured(dir.resolve("cluster"), 3, b -> b.heartbeatInterval(Duration.ofMillis(250)).nodeTtl(Duration.ofSeconds(2)))) {
      Operator op = Operator.bootstrap(c);
      c.startWorker("w3", "process", Resources.of(4, 2048, 1000));
      Path jobFile = dir.resolve("web.yaml");
      Files.writeString(jobFile, """
          name: web
          tasks:
            - name: app
              image: local/busybox:1
              command: ["sh", "-c", "exec sleep 600"]
              count: 3
              resources: {cpu: 0.2, memoryMb: 32}
          """);
      CliRun run = op.cli("run", "-f", jobFile.toString(), "--wait");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      String job = run.out().lines().filter(l -> l.startsWith("j-")).findFirst().orElseThrow().trim();
      assertThat(currentTasks(c, op, job)).allMatch(t -> t.path("node").asText().equals("w3"));
      c.startWorker("w4", "process", Resources.of(4, 2048, 1000));
      await().atMost(MiniCluster.WAIT).until(() -> node(c, op, "w4").path("state").asText().equals("READY"));

      // Step 1: drain it.
      CliRun drain = op.cli("nodes", "drain", "w3");
      assertThat(drain.exitCode()).as(drain.toString()).isZero();
      assertThat(drain.out()).contains("draining w3");

      // Step 2: wait until no task runs on it.
      await("no task on w3").atMost(MiniCluster.WAIT).until(() -> node(c, op, "w3").path("tasks").asInt() == 0
          && currentTasks(c, op, job).stream().allMatch(t -> t.path("state").asText().equals("RUNNING") && t.path("node").asText().equals("w4")));
      CliRun nodes = op.cli("nodes");
      assertThat(nodes.out().lines().filter(l -> l.startsWith("w3")).findFirst().orElseThrow()).contains("DRAINING");
      CliRun onW3 = op.cli("tasks", "--node", "w3", "--state", "running");
      assertThat(onW3.exitCode()).as(onW3.toString()).isZero();
      assertThat(onW3.out().lines()).as("the header alone: nothing runs on w3").hasSize(1);
      CliRun moved = op.cli("tasks", "--node", "w3");
      assertThat(moved.out().lines().skip(1)).as("what ran there is still listed, no longer running").isNotEmpty()
          .noneMatch(l -> l.contains(" RUNNING "));
      CliRun tasks = op.cli("tasks", "--job", job);
      assertThat(tasks.exitCode()).isZero();
      assertThat(tasks.out()).contains("w4");

      // Step 3: stop the worker for good; it goes DOWN, and nothing of the job is disturbed.
      List<String> before = currentTasks(c, op, job).stream().map(t -> t.path("id").asText() + "@" + t.path("containerId").asText()).toList();
      c.stopWorker("w3");
      await("w3 DOWN").atMost(MiniCluster.WAIT).until(() -> node(c, op, "w3").path("state").asText().equals("DOWN"));
      assertThat(currentTasks(c, op, job).stream().map(t -> t.path("id").asText() + "@" + t.path("containerId").asText()).toList())
          .isEqualTo(before);
      CliRun status = op.cli("status", job);
      assertThat(status.out()).contains("3/3 running");
      assertThat(status.out().lines().filter(l -> l.contains(" RUNNING "))).hasSize(3).noneMatch(l -> l.contains(" w3 "));
    }
  }

  @Test
  void undrainRollsBackBeforeTheWorkerIsStopped() {
    try (MiniCluster c = Operator.secured(dir.resolve("cluster2"), 3)) {
      Operator op = Operator.bootstrap(c);
      c.startWorker("w3", "process", Resources.of(4, 2048, 1000));
      await().atMost(MiniCluster.WAIT).until(() -> node(c, op, "w3").path("state").asText().equals("READY"));
      assertThat(op.cli("nodes", "drain", "w3").exitCode()).isZero();
      assertThat(node(c, op, "w3").path("state").asText()).isEqualTo("DRAINING");
      CliRun undrain = op.cli("nodes", "undrain", "w3");
      assertThat(undrain.exitCode()).as(undrain.toString()).isZero();
      assertThat(node(c, op, "w3").path("state").asText()).isEqualTo("READY");
      CliRun unknown = op.cli("nodes", "drain", "w9");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err()).contains("w9");
    }
  }
}
