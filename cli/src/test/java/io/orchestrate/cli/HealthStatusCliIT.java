package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.client.Time;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.testkit.MiniCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `orchestrate status JOB` with health checks, against a real cluster whose worker uses the process
 * driver (so it runs without Docker): a task serving HTTP shows healthy, one whose check finds a
 * closed port is restarted and ends FAILED as unhealthy.
 */
class HealthStatusCliIT {
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String row(CliRun status, String task) {
    return status.out().lines().filter(l -> l.contains(" " + task + " ")).findFirst().orElse("");
  }

  @Test
  void statusShowsEachTasksHealth() throws Exception {
    int serving = freePort();
    int closed = freePort();
    try (MiniCluster c = MiniCluster.start(dir.resolve("cluster"), 1)) {
      c.startWorker("w1", "process", Resources.of(2, 2048, 1000));
      String managers = String.join(",", c.apis());
      Path job = dir.resolve("checked.yaml");
      Files.writeString(job, """
          name: checked
          tasks:
            - name: web
              image: none
              command: ["python3", "-m", "http.server", "%d", "--bind", "127.0.0.1"]
              # python takes seconds to start listening on a loaded host: its first failures are not counted.
              health: {type: http, path: /, port: %d, intervalSeconds: 1, failureThreshold: 3, gracePeriodSeconds: 20}
            - name: deaf
              image: none
              command: ["sleep", "300"]
              restart: {policy: on-failure, maxRestarts: 1, delaySeconds: 0}
              health: {type: tcp, port: %d, intervalSeconds: 1, timeoutSeconds: 1, failureThreshold: 2}
            - name: plain
              image: none
              command: ["sleep", "300"]
          """.formatted(serving, serving, closed));

      CliRun run = cli(managers, "run", "-f", job.toString());
      assertThat(run.exitCode()).as(run.toString()).isZero();
      String id = run.out().trim();

      CliRun[] last = new CliRun[1];
      await("web healthy and deaf FAILED in status").atMost(Duration.ofSeconds(60)).until(() -> {
        last[0] = cli(managers, "status", id);
        return row(last[0], "web/0").matches(".* RUNNING +healthy .*") && row(last[0], "deaf/0").matches(".* FAILED +unhealthy .*");
      });
      CliRun status = last[0];
      assertThat(status.exitCode()).as(status.toString()).isZero();
      List<String> table = status.out().lines().dropWhile(l -> !l.startsWith("ID")).toList();
      assertThat(table.get(0)).matches("ID +TASK +STATE +HEALTH +NODE +RESTARTS +CONTAINER +REASON");
      assertThat(row(status, "web/0")).matches("\\S+ +web/0 +RUNNING +healthy +w1 +0 +proc-\\d+ +-");
      assertThat(row(status, "deaf/0"))
          .matches("\\S+ +deaf/0 +FAILED +unhealthy +w1 +1 +proc-\\d+ +unhealthy: tcp 127\\.0\\.0\\.1:" + closed
              + ": connection refused; 1 restarts exhausted.*");
      assertThat(row(status, "plain/0")).as("no check, no health").matches("\\S+ +plain/0 +RUNNING +- +w1 +0 .*");
    }
  }
}
