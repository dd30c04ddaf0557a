package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.client.Time;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.testkit.MiniCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run --wait through a deployment (exit 0 when it succeeded, 1 naming the failing task when reverted), deployments and restart. */
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
}
