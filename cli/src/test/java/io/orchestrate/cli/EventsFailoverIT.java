package io.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.core.codec.Json;
import io.orchestrate.testkit.MiniCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * {@code orchestrate events --follow} on three managers while jobs are submitted: the manager it
 * reads from (the leader) is closed mid-load, the CLI carries on at another manager from just after
 * the last event it printed, and what it printed is exactly the events the surviving managers
 * derived from the log, in order: nothing missed, nothing repeated.
 */
class EventsFailoverIT {
  private static final int JOBS = 24;
  @TempDir Path dir;

  private static byte[] job(String name) {
    return ("""
        name: %s
        tasks:
          - name: api
            image: local/busybox:1
            command: ["sleep", "3600"]
            count: 3
            resources: {cpu: 0.1, memoryMb: 16, diskMb: 1}
        """).formatted(name).getBytes(StandardCharsets.UTF_8);
  }

  private static List<JsonNode> lines(String text) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) continue;
      try {
        out.add(Json.lenient().readTree(line));
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line: " + line, e);
      }
    }
    return out;
  }

  private static List<String> ids(List<JsonNode> events) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) out.add(e.path("index").asLong() + "." + e.path("pos").asInt() + " " + e.path("type").asText());
    return out;
  }

  /** The events a manager holds from index 0, read whole ({@code follow=false}). */
  private static List<JsonNode> reference(MiniCluster c, String id) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : c.http().get(c.api(id), "/v1/events?from=0&follow=false").text().split("\n")) {
      if (line.startsWith("data: ")) out.addAll(lines(line.substring(6)));
    }
    return out;
  }

  @Test
  void theCliFollowsAcrossAClosedManagerWithNothingMissedOrRepeated() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      String leader = c.leader().id();
      List<String> order = new ArrayList<>(List.of(c.api(leader)));
      for (String id : c.ids()) if (!id.equals(leader)) order.add(c.api(id));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      // The CLI reads from the leader (listed first) until it is closed, then from another manager.
      CompletableFuture<Integer> cli = CompletableFuture.supplyAsync(() -> OrchestrateCommand
          .commandLine(new CliEnvironment(Map.of("ORCHESTRATE_MANAGERS", String.join(",", order)), Time.SYSTEM))
          .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
          .execute("events", "--follow", "--from", "0", "-o", "json", "--timeout", "5s"));
      await().atMost(MiniCluster.WAIT).until(() -> out.toString().contains("cluster.leader"));

      ManagersClient load = new ManagersClient(c.apis(), ClientSettings.defaults().withTimeout(Duration.ofSeconds(30)), Time.SYSTEM);
      String lastJob = null;
      long started = System.nanoTime();
      for (int i = 0; i < JOBS && System.nanoTime() - started < Duration.ofSeconds(90).toNanos(); i++) {
        lastJob = load.submitJob(job("load-" + i), "load-" + i).value().id();
        if (i == JOBS / 3) c.kill(leader);
      }
      String last = lastJob;
      // The CLI prints the last job's three tasks once a surviving manager applied its submission.
      await().atMost(MiniCluster.WAIT).until(() -> lines(out.toString()).stream()
          .filter(e -> e.path("type").asText().equals("task.created") && last.equals(e.path("job").asText())).count() == 3);

      List<String> survivors = new ArrayList<>(c.runningIds());
      List<String> refA = ids(reference(c, survivors.get(0)));
      List<String> refB = ids(reference(c, survivors.get(1)));
      int common = Math.min(refA.size(), refB.size());
      assertThat(refB.subList(0, common)).as("both survivors derived the same events").isEqualTo(refA.subList(0, common));

      // Closing the rest ends the CLI: no manager streams, and it gives up after --timeout (exit 3).
      List<String> printed = ids(lines(out.toString()));
      c.skipDigestCheckOnClose();
      for (String id : survivors) c.kill(id);
      assertThat(cli.get(60, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
      printed = ids(lines(out.toString()));

      assertThat(printed).as("no event printed twice").doesNotHaveDuplicates();
      int n = Math.min(printed.size(), refA.size());
      assertThat(n).isGreaterThan(JOBS * 4);
      assertThat(printed.subList(0, n)).as("in log order and nothing missed").isEqualTo(refA.subList(0, n));
      // A new leader was elected after the close, and the stream shows its term.
      assertThat(printed.stream().filter(s -> s.endsWith("cluster.leader")).count()).isGreaterThanOrEqualTo(2);
      assertThat(err.toString()).contains("cluster unavailable");
    }
  }

  @Test
  void badFromAndTopicAreUsageErrorsNamingTheOption() {
    CliRun from = CliRun.run(Map.of("ORCHESTRATE_MANAGERS", "127.0.0.1:1"), new io.orchestrate.client.ManualTime(), "events", "--from", "abc");
    assertThat(from.exitCode()).as(from.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(from.err()).contains("--from must be a log index");
    CliRun topic = CliRun.run(Map.of("ORCHESTRATE_MANAGERS", "127.0.0.1:1"), new io.orchestrate.client.ManualTime(), "events", "--topic", "jobs,pods");
    assertThat(topic.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(topic.err()).contains("--topic 'pods' is not one of jobs, tasks, nodes, cluster");
    CliRun watch = CliRun.run(Map.of("ORCHESTRATE_MANAGERS", "127.0.0.1:1"), new io.orchestrate.client.ManualTime(), "status", "--watch");
    assertThat(watch.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(watch.err()).contains("--watch needs JOB");
  }
}
