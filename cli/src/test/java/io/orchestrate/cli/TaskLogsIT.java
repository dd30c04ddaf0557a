package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.client.ManualTime;
import io.orchestrate.client.Time;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.testkit.HttpApi;
import io.orchestrate.testkit.MiniCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrate logs} against managers and a process-driver worker: a followed task's lines
 * arrive once each and in order across an in-place restart of the task and a leader failover;
 * tail and stream selection; a task on a DOWN node is refused saying so; without a token, refused.
 */
class TaskLogsIT {
  private static final int LINES = 400;
  @TempDir Path dir;

  /**
   * Waits for {@code go}, then prints "line N" up to 400 at ~100 a second, keeping N in {@code count}
   * so that a restarted copy goes on from where the last stopped; the first copy exits 3 after 150.
   */
  private static byte[] counter(Path go, Path count) {
    String script = ("while [ ! -f %1$s ]; do sleep 0.05; done; n=$(cat %2$s 2>/dev/null || echo 0); "
        + "while [ $n -lt %3$d ]; do n=$((n+1)); echo \"line $n\"; echo $n > %2$s; "
        + "if [ $n -eq 150 ] && [ ! -f %2$s.restarted ]; then touch %2$s.restarted; exit 3; fi; sleep 0.01; done; sleep 3600")
        .formatted(go, count, LINES);
    return ("""
        name: counter
        tasks:
          - name: main
            image: local/busybox:1
            command: ["sh", "-c", %s]
            resources: {cpu: 0.1, memoryMb: 16, diskMb: 1}
            restart: {policy: on-failure, maxRestarts: 3, delaySeconds: 1}
        """).formatted(io.orchestrate.core.codec.Json.string(script)).getBytes(StandardCharsets.UTF_8);
  }

  private static final byte[] TWO_STREAMS = """
      name: chatty
      tasks:
        - name: main
          image: local/busybox:1
          command: ["sh", "-c", "for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done; sleep 3600"]
          resources: {cpu: 0.1, memoryMb: 16, diskMb: 1}
      """.getBytes(StandardCharsets.UTF_8);

  private static String taskOf(MiniCluster c, String job, Map<String, String> headers) {
    HttpApi.Reply r = c.http().send("GET", c.leader().apiAddress().toString(), "/v1/tasks?job=" + job, null, headers);
    JsonNode t = r.json().path("tasks").get(0);
    return t == null ? null : t.path("id").asText();
  }

  private static boolean running(MiniCluster c, String job, Map<String, String> headers) {
    HttpApi.Reply r = c.http().send("GET", c.leader().apiAddress().toString(), "/v1/tasks?job=" + job, null, headers);
    JsonNode t = r.json().path("tasks").get(0);
    return t != null && t.path("state").asText().equals("RUNNING");
  }

  private static String submit(MiniCluster c, byte[] job, Map<String, String> headers) {
    HttpApi.Reply r = c.http().postFollowing(c.api(c.leader().id()), "/v1/jobs", job, headers, 3);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  @Test
  void followShowsEveryLineOnceAcrossAnInPlaceRestartAndALeaderFailover() throws Exception {
    Path go = dir.resolve("go");
    Path count = dir.resolve("count");
    // The worker has one TTL to find the new leader before its task would be taken for lost: 10 s of it
    // leaves a loaded machine slack over the election and the reconnect.
    try (MiniCluster c = MiniCluster.start(dir.resolve("c"), 3, b -> b.heartbeatInterval(Duration.ofMillis(250)).nodeTtl(Duration.ofSeconds(10)))) {
      c.startWorker("w1", "process", Resources.of(2, 2048, 1000));
      String job = submit(c, counter(go, count), Map.of());
      await("task RUNNING").atMost(MiniCluster.WAIT).until(() -> running(c, job, Map.of()));
      String task = taskOf(c, job, Map.of());

      String leader = c.leader().id();
      List<String> order = new ArrayList<>(List.of(c.api(leader)));
      for (String id : c.ids()) if (!id.equals(leader)) order.add(c.api(id));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      long started = System.nanoTime();
      CompletableFuture<Integer> cli = CompletableFuture.supplyAsync(() -> OrchestrateCommand
          .commandLine(new CliEnvironment(Map.of("ORCHESTRATE_MANAGERS", String.join(",", order)), Time.SYSTEM))
          .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
          .execute("logs", "-f", task, "--max-lines", Integer.toString(LINES), "--timeout", "30s"));
      // The task prints nothing before this: every line comes after the call started.
      Files.writeString(go, "");

      await("the first copy exited and its task was restarted in place").atMost(MiniCluster.WAIT)
          .until(() -> Files.exists(Path.of(count + ".restarted")) && out.toString().contains("line 160\n"));
      c.kill(leader);
      await("the CLI printed all " + LINES + " lines").atMost(Duration.ofSeconds(90)).until(() -> cli.isDone());
      assertThat(cli.get(1, TimeUnit.SECONDS)).as(err.toString()).isZero();
      double seconds = (System.nanoTime() - started) / 1e9;

      List<String> printed = out.toString().lines().toList();
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= LINES; i++) expected.add("line " + i);
      assertThat(printed).as("every line once, in order").isEqualTo(expected);
      System.out.printf("logs -f: %d lines in %.1f s across a restart and a failover (task %s)%n", LINES, seconds, task);
      c.skipDigestCheckOnClose();
    }
  }

  @Test
  void tailAndStreamSelectionAndTheJobGroupIndexName() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir.resolve("c"), 1)) {
      c.startWorker("w1", "process", Resources.of(2, 2048, 1000));
      String job = submit(c, TWO_STREAMS, Map.of());
      await("task RUNNING").atMost(MiniCluster.WAIT).until(() -> running(c, job, Map.of()));
      Map<String, String> env = Map.of("ORCHESTRATE_MANAGERS", c.api(c.leader().id()));
      CliRun[] seen = new CliRun[1];
      try {
        await("all ten lines written").atMost(MiniCluster.WAIT)
            .until(() -> (seen[0] = CliRun.run(env, new ManualTime(), "logs", "chatty/main/0")).out().lines().count() == 10);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("last run: " + seen[0], e);
      }

      CliRun all = CliRun.run(env, new ManualTime(), "logs", "chatty/main/0");
      assertThat(all.exitCode()).as(all.toString()).isZero();
      assertThat(all.out().lines().filter(l -> l.startsWith("out")).toList()).containsExactly("out1", "out2", "out3", "out4", "out5");
      assertThat(all.out().lines().filter(l -> l.startsWith("err")).toList()).containsExactly("err1", "err2", "err3", "err4", "err5");

      CliRun tail = CliRun.run(env, new ManualTime(), "logs", "chatty/main/0", "--stdout", "--tail", "2");
      assertThat(tail.out()).as(tail.toString()).isEqualTo("out4\nout5\n");
      CliRun errs = CliRun.run(env, new ManualTime(), "logs", "chatty/main/0", "--stderr");
      assertThat(errs.out()).as(errs.toString()).isEqualTo("err1\nerr2\nerr3\nerr4\nerr5\n");
      CliRun none = CliRun.run(env, new ManualTime(), "logs", "chatty/main/0", "--tail", "0");
      assertThat(none.out()).isEmpty();
      CliRun stamped = CliRun.run(env, new ManualTime(), "logs", "chatty/main/0", "--stderr", "--tail", "1", "-t");
      assertThat(stamped.out()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z err5\\n");
      CliRun json = CliRun.run(env, new ManualTime(), "logs", "chatty/main/0", "--stdout", "--tail", "1", "-o", "json");
      assertThat(json.out()).contains("\"stream\":\"stdout\"", "\"line\":\"out5\"");

      CliRun missing = CliRun.run(env, new ManualTime(), "logs", "chatty/main/7");
      assertThat(missing.exitCode()).isEqualTo(ExitCodes.REJECTED);
      assertThat(missing.err()).contains("no task at chatty/main/7");
      CliRun both = CliRun.run(env, new ManualTime(), "logs", "x", "--stdout", "--stderr");
      assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);

      // Plain text over HTTP, as curl would read it, with the worker's timestamps on request.
      String id = taskOf(c, job, Map.of());
      HttpApi.Reply text = c.http().get(c.api(c.leader().id()), "/v1/tasks/" + id + "/logs?stream=stdout&tail=1");
      assertThat(text.status()).isEqualTo(200);
      assertThat(text.header("Content-Type")).startsWith("text/plain");
      assertThat(text.text()).isEqualTo("out5\n");
      String metrics = c.http().get(c.api(c.leader().id()), "/metrics").text();
      assertThat(metrics).containsPattern("orchestrate_logs_streams_opened_total\\{[^}]*\\} ([1-9]\\d*)\\.0")
          .containsPattern("orchestrate_logs_bytes_streamed_bytes_total\\{[^}]*\\} [1-9]");
      HttpApi.Reply bad = c.http().get(c.api(c.leader().id()), "/v1/tasks/" + id + "/logs?tail=-3");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.text()).contains("tail must be a whole number");
    }
  }

  @Test
  void aTaskOnADownNodeSaysSoAndNoTokenIsRefused() throws Exception {
    try (MiniCluster c = MiniCluster.startWithAcl(dir.resolve("c"), 1, b -> b.heartbeatInterval(Duration.ofMillis(200)).nodeTtl(Duration.ofSeconds(2)))) {
      String token = c.bootstrapAcl().path("secret").asText();
      Map<String, String> auth = HttpApi.bearer(token);
      c.startWorker("w1", "process", Resources.of(2, 2048, 1000));
      String job = submit(c, TWO_STREAMS, auth);
      await("task RUNNING").atMost(MiniCluster.WAIT).until(() -> running(c, job, auth));
      String task = taskOf(c, job, auth);
      String api = c.api(c.leader().id());

      CliRun anonymous = CliRun.run(Map.of("ORCHESTRATE_MANAGERS", api), new ManualTime(), "logs", task);
      assertThat(anonymous.exitCode()).as(anonymous.toString()).isEqualTo(ExitCodes.REJECTED);
      assertThat(anonymous.out()).isEmpty();
      HttpApi.Reply wrong = c.http().send("GET", api, "/v1/tasks/" + task + "/logs", null, HttpApi.bearer("not-a-token"));
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.text()).doesNotContain("out1");

      Map<String, String> env = Map.of("ORCHESTRATE_MANAGERS", api, "ORCHESTRATE_TOKEN", token);
      await("output readable with the token").atMost(MiniCluster.WAIT)
          .until(() -> CliRun.run(env, new ManualTime(), "logs", task, "--stdout").out().equals("out1\nout2\nout3\nout4\nout5\n"));

      c.stopWorker("w1");
      await("w1 DOWN").atMost(MiniCluster.WAIT).until(() ->
          c.http().send("GET", api, "/v1/nodes", null, auth).json().path("nodes").get(0).path("state").asText().equals("DOWN"));
      CliRun down = CliRun.run(env, new ManualTime(), "logs", task);
      assertThat(down.exitCode()).as(down.toString()).isEqualTo(ExitCodes.REJECTED);
      assertThat(down.err()).contains("node w1 is down");
    }
  }
}
