package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.manager.Manager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/events} and blocking reads against real managers: what every manager streams,
 * the window's 410, the bound on streams and on a client that does not read, the roles, and
 * blocking reads that answer when the state moves.
 */
class EventStreamIT {
  @TempDir Path dir;

  /** The events of a stream that ends once caught up ({@code follow=false}), parsed from its body. */
  static List<JsonNode> events(HttpApi.Reply r) {
    List<JsonNode> out = new ArrayList<>();
    for (String block : r.text().split("\n\n")) {
      for (String line : block.split("\n")) {
        if (line.startsWith("data: ")) out.add(tree(line.substring(6)));
      }
    }
    return out;
  }

  private static JsonNode tree(String json) {
    try {
      return Json.lenient().readTree(json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String ids(List<JsonNode> events) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode e : events) sb.append(e.path("index").asLong()).append('.').append(e.path("pos").asInt()).append(' ')
        .append(e.path("type").asText()).append(' ').append(e.path("job").asText("")).append(e.path("task").asText("")).append('\n');
    return sb.toString();
  }

  @Test
  void everyManagerStreamsTheSameEventsForTheSameEntriesAndTopicsFilterThem() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      for (int i = 0; i < 3; i++) assertThat(c.submit(Jobs.yaml("web-" + i), null).status()).isEqualTo(201);
      String jobId = c.submit(Jobs.yaml("last"), null).json().path("id").asText();
      // Each manager has applied the last submission once its stream shows it.
      List<List<JsonNode>> streams = new ArrayList<>();
      for (String id : c.ids()) {
        await().atMost(MiniCluster.WAIT).until(() -> events(c.http().get(c.api(id), "/v1/events?from=0&follow=false")).stream()
            .anyMatch(e -> e.path("type").asText().equals("job.submitted") && e.path("job").asText().equals(jobId)));
        streams.add(events(c.http().get(c.api(id), "/v1/events?from=0&follow=false")));
      }
      // Managers may have applied a few more entries than each other since; what they all have is the same.
      int common = streams.stream().mapToInt(List::size).min().orElseThrow();
      String first = ids(streams.get(0).subList(0, common));
      assertThat(first).contains("cluster.leader", "cluster.members", "job.submitted " + jobId, "task.created " + jobId);
      assertThat(ids(streams.get(1).subList(0, common))).isEqualTo(first);
      assertThat(ids(streams.get(2).subList(0, common))).isEqualTo(first);

      List<JsonNode> jobsOnly = events(c.http().get(c.api("m1"), "/v1/events?from=0&follow=false&topic=jobs"));
      assertThat(jobsOnly).hasSize(4).allSatisfy(e -> assertThat(e.path("topic").asText()).isEqualTo("jobs"));

      HttpApi.Reply bad = c.http().get(c.api("m1"), "/v1/events?topic=jobs,pods");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().path("error").asText()).contains("topic 'pods'");
      HttpApi.Reply badFrom = c.http().get(c.api("m1"), "/v1/events?from=02x");
      assertThat(badFrom.status()).isEqualTo(400);
      assertThat(badFrom.json().path("error").asText()).startsWith("from must be");
    }
  }

  @Test
  void theStreamWorksOverMutualTls() {
    try (MiniCluster c = MiniCluster.start(dir, 1, UnaryOperator.identity(), true)) {
      String id = c.submit(Jobs.yaml("tls"), null).json().path("id").asText();
      HttpApi.Reply r = c.http().get(c.api("m1"), "/v1/events?from=0&follow=false&topic=jobs");
      assertThat(r.status()).isEqualTo(200);
      assertThat(events(r)).extracting(e -> e.path("type").asText() + " " + e.path("job").asText()).containsExactly("job.submitted " + id);
      assertThat(r.text()).endsWith("\n\n").contains(": caught up at index");
    }
  }

  @Test
  void aPositionOlderThanTheWindowIsRefusedWith410NamingTheOldestIndex() {
    try (MiniCluster c = MiniCluster.start(dir, 1, b -> b.events(e -> e.withWindowEvents(5)))) {
      for (int i = 0; i < 3; i++) assertThat(c.submit(Jobs.yaml("web-" + i), null).status()).isEqualTo(201);
      HttpApi.Reply gone = c.http().get(c.api("m1"), "/v1/events?from=0");
      assertThat(gone.status()).isEqualTo(410);
      assertThat(gone.json().path("code").asText()).isEqualTo("gone");
      assertThat(gone.json().path("error").asText()).contains("the oldest index available is").contains("re-list the state");
      // What the window still holds is served, from the index the refusal names.
      String message = gone.json().path("error").asText();
      long oldest = Long.parseLong(message.replaceAll(".*the oldest index available is (\\d+).*", "$1"));
      List<JsonNode> kept = events(c.http().get(c.api("m1"), "/v1/events?follow=false&from=" + oldest));
      assertThat(kept).isNotEmpty().hasSizeLessThanOrEqualTo(5);
      assertThat(kept.get(0).path("index").asLong()).isGreaterThanOrEqualTo(oldest);
    }
  }

  @Test
  void noTokenIs401AndAReadTokenMayStream() {
    try (MiniCluster c = MiniCluster.startWithAcl(dir, 1, UnaryOperator.identity())) {
      String operator = c.bootstrapAcl().path("secret").asText();
      HttpApi.Reply none = c.http().get(c.api("m1"), "/v1/events?from=0&follow=false");
      assertThat(none.status()).isEqualTo(401);
      HttpApi.Reply created = c.http().postFollowing(c.api("m1"), "/v1/acl/tokens", Json.bytes(Map.of("role", "read", "name", "watcher")),
          Map.of("Authorization", "Bearer " + operator, "Content-Type", "application/json"), 3);
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      String read = created.json().path("secret").asText();
      await().atMost(MiniCluster.WAIT).until(() -> c.http().send("GET", c.api("m1"), "/v1/events?from=0&follow=false", null,
          HttpApi.bearer(read)).status() == 200);
      HttpApi.Reply ok = c.http().send("GET", c.api("m1"), "/v1/events?from=0&follow=false", null, HttpApi.bearer(read));
      assertThat(ok.header("Content-Type")).startsWith("text/event-stream");
      assertThat(events(ok)).extracting(e -> e.path("type").asText()).contains("cluster.leader");
      HttpApi.Reply wrong = c.http().send("GET", c.api("m1"), "/v1/events?from=0&follow=false", null, HttpApi.bearer("not-a-token"));
      assertThat(wrong.status()).isEqualTo(401);
    }
  }

  @Test
  void aClientThatDoesNotReadIsDroppedAndStreamsAreCapped() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 1, b -> b.events(e -> e.withWindowEvents(1_000_000).withMaxStreams(2)
        // 3 s: the reading client's own thread must never be taken for stuck by a loaded machine's scheduling.
        .withSlowClientTimeout(Duration.ofSeconds(3)).withHeartbeat(Duration.ofMillis(300))))) {
      Manager m = c.manager("m1");
      try (Socket slow = new Socket(); Socket other = new Socket()) {
        // A small receive window, so the client's kernel takes little before the server must wait.
        slow.setReceiveBufferSize(4096);
        slow.connect(address(c.api("m1")));
        request(slow, "/v1/events?from=0");
        other.connect(address(c.api("m1")));
        request(other, "/v1/events?from=0");
        await().atMost(MiniCluster.WAIT).until(() -> m.openEventStreams() == 2);
        HttpApi.Reply third = c.http().get(c.api("m1"), "/v1/events");
        assertThat(third.status()).isEqualTo(503);
        assertThat(third.json().path("error").asText()).contains("already serves 2 event streams");
        assertThat(third.header("Retry-After")).isNotNull();

        // The other client reads everything; the slow one reads nothing while jobs of 300 tasks
        // make far more events than its buffers hold. Bounded: at most 60 submissions or 60 s.
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> countEvents(other));
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int submitted = 0;
        while (m.droppedSlowEventClients() == 0 && submitted < 60 && System.nanoTime() < until) {
          assertThat(c.submit(bigJob("big-" + submitted), null).status()).isEqualTo(201);
          submitted++;
        }
        // On a fast host the submissions can all be in before the slow client has been stuck for
        // its timeout; the manager's own tick drops it then, with no further write needed.
        int made = submitted;
        await("the client that does not read is dropped after " + made + " jobs").atMost(MiniCluster.WAIT)
            .until(() -> m.droppedSlowEventClients() > 0);
        assertThat(m.droppedSlowEventClients()).as("only the client that does not read is dropped").isEqualTo(1);
        await().atMost(MiniCluster.WAIT).until(() -> m.openEventStreams() == 1);
        assertThat(c.http().get(c.api("m1"), "/metrics").text())
            .contains("orchestrate_event_streams_dropped_slow_total{manager=\"m1\"} 1.0").contains("orchestrate_event_streams{manager=\"m1\"} 1.0");
        assertThat(reader.isDone()).as("the reading client keeps its stream").isFalse();
        // Its slot is free again.
        HttpApi.Reply again = c.http().get(c.api("m1"), "/v1/events?follow=false&topic=jobs");
        assertThat(again.status()).isEqualTo(200);
        other.close();
        await().atMost(MiniCluster.WAIT).until(() -> m.openEventStreams() == 0);
      }
    }
  }

  @Test
  void anIdleStreamGetsHeartbeatsAndEndsCleanlyWhenItsManagerStops() throws Exception {
    MiniCluster c = MiniCluster.start(dir, 1, b -> b.events(e -> e.withHeartbeat(Duration.ofMillis(200))));
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Void> reader;
    boolean stopped = false;
    try (Socket s = new Socket()) {
      s.connect(address(c.api("m1")));
      request(s, "/v1/events?topic=jobs");
      reader = CompletableFuture.runAsync(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) lines.add(line);
        } catch (IOException e) {
          lines.add("error: " + e);
        }
      });
      await().atMost(MiniCluster.WAIT).until(() -> lines.stream().filter(l -> l.equals(": keepalive")).count() >= 2);
      assertThat(lines).anyMatch(l -> l.startsWith("HTTP/1.1 200")).anyMatch(l -> l.equalsIgnoreCase("content-type: text/event-stream; charset=utf-8"));
      stopped = true;
      c.close();
      reader.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      if (!stopped) c.close();
    }
    assertThat(lines).as("told, then the stream ends with its last chunk").anyMatch(l -> l.startsWith(": manager stopping"))
        .contains("0").noneMatch(l -> l.startsWith("error: "));
  }

  @Test
  void blockingReadsAnswerWhenTheStateMovesPastTheIndexAndCheckTheirParameters() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 1)) {
      String id = c.submit(Jobs.yaml("web"), null).json().path("id").asText();
      HttpApi.Reply first = c.http().get(c.api("m1"), "/v1/jobs/" + id);
      long index = Long.parseLong(first.header("X-Orchestrate-Index"));
      assertThat(index).isPositive();

      // Answered either when the wait ends (same index) or when another entry applied (a later one).
      long t0 = System.nanoTime();
      HttpApi.Reply quiet = c.http().get(c.api("m1"), "/v1/tasks?index=" + index + "&wait=1s&stale=true");
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(quiet.status()).isEqualTo(200);
      long quietIndex = Long.parseLong(quiet.header("X-Orchestrate-Index"));
      if (took.compareTo(Duration.ofMillis(950)) < 0) assertThat(quietIndex).as("answered early after " + took).isGreaterThan(index);
      else assertThat(quietIndex).isGreaterThanOrEqualTo(index);

      // A script's loop: block on the last index until the job shows stopped (at most 20 reads).
      CompletableFuture<List<HttpApi.Reply>> watcher = CompletableFuture.supplyAsync(() -> {
        List<HttpApi.Reply> seen = new ArrayList<>();
        long at = index;
        for (int i = 0; i < 20; i++) {
          HttpApi.Reply r = c.http().get(c.api("m1"), "/v1/jobs/" + id + "?index=" + at + "&wait=10s");
          seen.add(r);
          if (r.status() != 200 || r.json().path("status").asText().equals("stopped")) break;
          at = Long.parseLong(r.header("X-Orchestrate-Index"));
        }
        return seen;
      });
      long stoppedAt = System.nanoTime();
      assertThat(c.http().delete(c.api("m1"), "/v1/jobs/" + id).status()).isEqualTo(200);
      List<HttpApi.Reply> seen = watcher.get(30, java.util.concurrent.TimeUnit.SECONDS);
      HttpApi.Reply moved = seen.get(seen.size() - 1);
      assertThat(moved.status()).isEqualTo(200);
      assertThat(moved.json().path("status").asText()).isEqualTo("stopped");
      assertThat(Long.parseLong(moved.header("X-Orchestrate-Index"))).isGreaterThan(index);
      assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).as("woken by the stop, not by the end of the wait")
          .isLessThan(Duration.ofSeconds(9));
      assertThat(c.http().get(c.api("m1"), "/v1/nodes?index=0&wait=1s").header("X-Orchestrate-Index")).isNotNull();

      assertThat(error(c, "/v1/tasks?index=x&wait=1s")).startsWith("index must be");
      assertThat(error(c, "/v1/tasks?index=-3")).startsWith("index must be");
      assertThat(error(c, "/v1/tasks?index=3&wait=soon")).startsWith("wait");
      assertThat(error(c, "/v1/tasks?index=3&wait=6m")).contains("wait must be more than 0 and at most 5m");
      assertThat(error(c, "/v1/jobs/" + id + "?wait=1s")).startsWith("wait needs index");
    }
  }

  private static String error(MiniCluster c, String path) {
    HttpApi.Reply r = c.http().get(c.api("m1"), path);
    assertThat(r.status()).as(path).isEqualTo(400);
    return r.json().path("error").asText();
  }

  private static byte[] bigJob(String name) {
    return ("""
        name: %s
        tasks:
          - name: api
            image: local/busybox:1
            command: ["sleep", "3600"]
            count: 300
            resources: {cpu: 0.01, memoryMb: 1, diskMb: 1}
        """).formatted(name).getBytes(StandardCharsets.UTF_8);
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static void request(Socket s, String path) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads a stream until it closes; the number of events it carried. */
  private static int countEvents(Socket s) {
    int n = 0;
    try (InputStream in = s.getInputStream(); BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) if (line.startsWith("data: ")) n++;
    } catch (IOException e) {
      // closed by the test
    }
    return n;
  }
}
