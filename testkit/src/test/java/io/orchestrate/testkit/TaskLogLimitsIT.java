package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.gateway.protocol.LogCancel;
import io.orchestrate.gateway.protocol.LogChunk;
import io.orchestrate.gateway.protocol.LogCredit;
import io.orchestrate.gateway.protocol.LogLine;
import io.orchestrate.gateway.protocol.LogRequest;
import io.orchestrate.manager.config.LogRelayLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's bounds on relayed task output ({@link LogRelayLimits}), against a scripted worker
 * that serves logs: one stream past the limit gets 429 naming it, a slot comes back however a
 * stream ends (client gone, task ended, worker gone, leadership lost), and a client that takes nothing is cut off
 * and the worker told to stop, while one that keeps reading is not.
 */
class TaskLogLimitsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path dir;
  private MiniCluster cluster;
  private FakeWorker worker;
  private ScheduledExecutorService beats;
  private final List<RawSocket> sockets = new ArrayList<>();

  /** One manager bounded by {@code limits}, and a worker running a job's tasks; returns one task's id. */
  private String start(UnaryOperator<LogRelayLimits> limits) throws Exception {
    return start(1, limits);
  }

  private String start(int managers, UnaryOperator<LogRelayLimits> limits) throws Exception {
    cluster = MiniCluster.start(dir, managers, b -> b.heartbeatInterval(Duration.ofMillis(200)).nodeTtl(Duration.ofSeconds(4)).logs(limits));
    worker = new FakeWorker("w1", Resources.of(4, 4096, 10_000));
    worker.connect(cluster.leader().gatewayAddress().toString()).registerServingLogs();
    await().atMost(WAIT).until(() -> worker.lastDesired() != null);
    beats = Executors.newSingleThreadScheduledExecutor();
    beats.scheduleAtFixedRate(worker::heartbeat, 0, 200, TimeUnit.MILLISECONDS);
    String job = cluster.submit(Jobs.yaml("web"), null).json().path("id").asText();
    await("tasks placed on w1").atMost(WAIT).until(() -> Tasks.of(cluster, job).stream().allMatch(t -> "w1".equals(t.path("node").asText())));
    return Tasks.of(cluster, job).get(0).path("id").asText();
  }

  @AfterEach
  void stop() {
    sockets.forEach(RawSocket::close);
    if (beats != null) beats.shutdownNow();
    if (worker != null) worker.close();
    if (cluster != null) cluster.close();
  }

  private RawSocket follow(String task, String extraHeaders, int receiveBuffer) {
    return follow(task, extraHeaders, receiveBuffer, null);
  }

  private RawSocket follow(String task, String extraHeaders, int receiveBuffer, String fromHost) {
    RawSocket s = RawSocket.open(cluster.leader().apiAddress().toString(), receiveBuffer, fromHost);
    sockets.add(s);
    return s.send("GET /v1/tasks/" + task + "/logs?follow=true HTTP/1.1\r\nHost: t\r\n" + extraHeaders + "\r\n");
  }

  /** The id of the {@code n}th (from 1) log request the worker was sent, once it was. */
  private long nthRequest(int n) {
    await("log request " + n + " at the worker").atMost(WAIT).until(() -> worker.receivedOf(LogRequest.class).size() >= n);
    return worker.receivedOf(LogRequest.class).get(n - 1).streamId();
  }

  private void awaitCancelled(long stream) {
    await("log-cancel of stream " + stream).atMost(WAIT)
        .until(() -> worker.receivedOf(LogCancel.class).stream().anyMatch(c -> c.streamId() == stream));
  }

  private void awaitAdmitted(int n) {
    awaitAdmitted(cluster.leader(), n);
  }

  private static void awaitAdmitted(io.orchestrate.manager.Manager m, int n) {
    await("admitted log streams on " + m.id() + " = " + n).atMost(WAIT).until(() -> m.admittedLogStreams() == n);
  }

  @Test
  void aStreamPastTheLimitGets429AndEveryWayAStreamEndsGivesItsSlotBack() throws Exception {
    String task = start(l -> l.withMaxStreams(2));
    RawSocket a = follow(task, "", 0);
    long aId = nthRequest(1);
    follow(task, "", 0);
    nthRequest(2);

    RawSocket.Response refused = follow(task, "", 0).read(WAIT);
    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.headers()).containsKey("retry-after");
    JsonNode body = Json.lenient().readTree(refused.body());
    assertThat(body.path("code").asText()).isEqualTo("too_many_requests");
    assertThat(body.path("error").asText()).contains("logsMaxStreams").contains("= 2");
    assertThat(worker.receivedOf(LogRequest.class)).hasSize(2);
    awaitAdmitted(2);
    PromText metrics = new PromText(cluster.http().get(cluster.leader().apiAddress().toString(), "/metrics").text());
    assertThat(metrics.value("orchestrate_logs_streams_refused_total")).isEqualTo(1.0);
    assertThat(metrics.value("orchestrate_logs_streams_admitted")).isEqualTo(2.0);

    a.close(); // the client goes: the worker is told, the slot comes back
    awaitCancelled(aId);
    awaitAdmitted(1);

    RawSocket c = follow(task, "", 0);
    long cId = nthRequest(3);
    awaitAdmitted(2);
    worker.send(new LogChunk("w1", cId, List.of(), true, null)); // the task ended for good
    assertThat(c.closedWithin(WAIT)).isTrue();
    awaitAdmitted(1);

    worker.close(); // the worker's connection goes: its last stream is cut off
    awaitAdmitted(0);
  }

  @Test
  void aManagerThatLosesLeadershipEndsItsStreamsAndGivesTheirSlotsBack() throws Exception {
    String task = start(3, l -> l);
    io.orchestrate.manager.Manager old = cluster.leader();
    RawSocket s = follow(task, "", 0);
    nthRequest(1);
    awaitAdmitted(old, 1);

    String target = cluster.follower().id();
    HttpApi.Reply moved = cluster.http().post(old.apiAddress().toString(), "/v1/cluster/transfer-leadership",
        ("{\"target\": \"" + target + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of("Content-Type", "application/json"));
    assertThat(moved.status()).as(moved.text()).isEqualTo(200);
    assertThat(s.closedWithin(WAIT)).isTrue();
    awaitAdmitted(old, 0);
  }

  @Test
  void oneClientHoldsAtMostItsShareWhileAnotherClientStillGetsAStream() throws Exception {
    String task = start(l -> l.withMaxStreams(4).withMaxStreamsPerClient(1));
    follow(task, "", 0, "127.0.0.1");
    nthRequest(1);

    RawSocket.Response refused = follow(task, "", 0, "127.0.0.1").read(WAIT);
    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(Json.lenient().readTree(refused.body()).path("error").asText()).contains("logsMaxStreamsPerClient").contains("= 1");
    // Without token checks a token is no identity: one made up on the spot is the same client.
    RawSocket.Response madeUp = follow(task, "Authorization: Bearer made-up\r\n", 0, "127.0.0.1").read(WAIT);
    assertThat(madeUp.status()).as(madeUp.body()).isEqualTo(429);

    follow(task, "", 0, "127.0.0.2");
    nthRequest(2);
    awaitAdmitted(2);
  }

  @Test
  void aClientThatTakesNothingIsCutOffAndOneThatKeepsReadingIsNot() throws Exception {
    Duration timeout = Duration.ofSeconds(1);
    String task = start(l -> l.withMaxStreams(1).withSlowClientTimeout(timeout));
    // Never read, with a small receive buffer: ~3 MB of output (within the stream's credit) stays unsent.
    follow(task, "", 4096);
    long stalled = nthRequest(1);
    String big = "x".repeat(10_000);
    for (int i = 0; i < 30; i++) {
      List<LogLine> lines = new ArrayList<>();
      for (int j = 0; j < 10; j++) lines.add(new LogLine(Instant.now(), LogLine.STDOUT, big));
      worker.send(new LogChunk("w1", stalled, lines, false, null));
    }
    awaitCancelled(stalled);
    awaitAdmitted(0);
    // Credit went back only for what left for the client: a chunk or two of the ~3 MB, never the rest.
    long credited = worker.receivedOf(LogCredit.class).stream().filter(c -> c.streamId() == stalled).mapToLong(LogCredit::bytes).sum();
    assertThat(credited).isLessThan(1_000_000);
    assertThat(new PromText(cluster.http().get(cluster.leader().apiAddress().toString(), "/metrics").text())
        .value("orchestrate_logs_streams_slow_closed_total")).isEqualTo(1.0);

    // A reader of a quiet, then slowly printing task stays well past the timeout.
    RawSocket reader = follow(task, "", 0);
    long reading = nthRequest(2);
    StringBuilder got = new StringBuilder(reader.readFor(timeout.multipliedBy(2)));
    for (int i = 0; i < 6; i++) {
      worker.send(new LogChunk("w1", reading, List.of(new LogLine(Instant.now(), LogLine.STDOUT, "line " + i)), false, null));
      got.append(reader.readFor(Duration.ofMillis(400)));
    }
    assertThat(worker.receivedOf(LogCancel.class)).noneMatch(c -> c.streamId() == reading);
    assertThat(got.toString()).contains("line 0").contains("line 5");
    assertThat(cluster.leader().admittedLogStreams()).isEqualTo(1);
  }
}
