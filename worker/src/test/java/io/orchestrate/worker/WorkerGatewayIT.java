package io.orchestrate.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.GatewayAddress;
import io.orchestrate.gateway.protocol.Heartbeat;
import io.orchestrate.gateway.protocol.Register;
import io.orchestrate.gateway.protocol.RunningTask;
import io.orchestrate.gateway.protocol.TaskUpdate;
import io.orchestrate.worker.gateway.ConnectionState;
import io.orchestrate.worker.gateway.FakeGateway;
import io.orchestrate.worker.store.TaskRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole worker (process driver) against fake manager gateways on loopback. */
class WorkerGatewayIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private FakeGateway gateway(String id) {
    FakeGateway g = new FakeGateway(id);
    open.add(g);
    return g;
  }

  private WorkerConfig.Builder config(GatewayAddress... managers) {
    return WorkerConfig.builder()
        .id("w1")
        .dataDir(dir.resolve("w1"))
        .managers(List.of(managers))
        .driver(WorkerConfig.DRIVER_PROCESS)
        .allow(io.orchestrate.core.spec.Allow.PROCESS_DRIVER)
        .cpus(2)
        .memoryMb(1024)
        .diskMb(2048)
        .label("zone", "a")
        .advertiseHost("10.1.2.3")
        .monitorInterval(Duration.ofMillis(20))
        .statusBatchWindow(Duration.ofMillis(20))
        .stopGrace(Duration.ofSeconds(2))
        .statsInterval(Duration.ofMillis(100))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200));
  }

  private Worker start(WorkerConfig config) {
    Worker w = new Worker(config).start();
    open.add(w);
    return w;
  }

  private static DesiredTask sleeper(String id, long generation) {
    return new DesiredTask(id, "job-1", "g", 0, generation, null, List.of("sleep", "300"), Map.of(), Resources.defaults(),
        RestartPolicy.defaults());
  }

  private static TaskRecord awaitRunning(Worker w, String taskId) {
    await().atMost(WAIT).until(() -> {
      TaskRecord r = w.tasks().get(taskId);
      return r != null && r.state() == TaskState.RUNNING;
    });
    return w.tasks().get(taskId);
  }

  private static boolean alive(String handle) {
    long pid = Long.parseLong(handle.substring("proc-".length()));
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void registersWithCapacityLabelsAndDriverThenHeartbeatsAtTheLeadersInterval() {
    FakeGateway leader = gateway("m1").leader(3).heartbeatIntervalMs(50);
    Worker w = start(config(leader.address()).build());

    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    Register r = leader.registers().get(0);
    assertThat(r.nodeId()).isEqualTo("w1");
    assertThat(r.address()).isEqualTo("10.1.2.3");
    assertThat(r.capacity()).isEqualTo(Resources.of(2, 1024, 2048));
    assertThat(r.labels()).isEqualTo(Map.of("zone", "a"));
    assertThat(r.driver()).isEqualTo("process");
    assertThat(r.runningTasks()).isEmpty();

    await().atMost(WAIT).until(() -> leader.heartbeats().size() >= 3);
    List<Heartbeat> beats = leader.heartbeats();
    assertThat(beats).extracting(Heartbeat::seq).startsWith(1L, 2L, 3L);
    assertThat(beats.get(0).stats().memoryTotalMb()).isPositive();
    assertThat(beats.get(0).stats().cpuCores()).isPositive();
    assertThat(w.gateway().heartbeatIntervalMs()).isEqualTo(50);
    assertThat(w.highestTerm()).isEqualTo(3);
  }

  @Test
  void followsNotLeaderToTheLeader() {
    FakeGateway leader = gateway("m2").leader(2);
    FakeGateway follower = gateway("m1").follower("m2", leader.address());
    Worker w = start(config(follower.address()).build());

    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    assertThat(w.gateway().connectedTo()).isEqualTo(leader.address());
    assertThat(follower.registers()).isNotEmpty();
    assertThat(leader.registers()).hasSize(1);
  }

  @Test
  void aFollowerWithoutAHintSendsTheWorkerOnThroughItsList() {
    FakeGateway follower = gateway("m1").follower(null, null);
    FakeGateway leader = gateway("m2").leader(2);
    Worker w = start(config(follower.address(), leader.address()).build());

    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    assertThat(w.gateway().connectedTo()).isEqualTo(leader.address());
  }

  @Test
  void followersStillNamingTheDeadLeaderDoNotDelayTheMoveToTheNewOneBeyondTheTtl() {
    // A 500 ms interval makes the announced TTL 5 s: the same bound, with seconds of slack for a loaded machine.
    FakeGateway old = gateway("m1").leader(1).heartbeatIntervalMs(500);
    FakeGateway m2 = gateway("m2").follower("m1", old.address());
    FakeGateway m3 = gateway("m3").follower("m1", old.address());
    // A long configured backoff: only the TTL the leader announced can keep the search short.
    Worker w = start(config(m2.address(), m3.address(), old.address()).backoff(Duration.ofMillis(100), Duration.ofSeconds(5)).build());
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED && old.address().equals(w.gateway().connectedTo()));
    assertThat(old.registers().get(0).keepalive()).isTrue();
    long ttlMs = 5_000;

    old.close();
    int seen = m2.registers().size() + m3.registers().size();
    // The election takes a while; meanwhile both followers keep naming the dead leader.
    await().atMost(WAIT).until(() -> m2.registers().size() + m3.registers().size() >= seen + 6);
    m3.leader(2).heartbeatIntervalMs(500);
    m2.follower("m3", m3.address());
    long elected = System.nanoTime();

    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED && m3.address().equals(w.gateway().connectedTo()));
    long tookMs = (System.nanoTime() - elected) / 1_000_000;
    assertThat(tookMs).as("registered with the new leader %d ms after it was elected; the TTL is %d ms", tookMs, ttlMs).isLessThan(ttlMs);
  }

  @Test
  void aLeaderThatFreezesIsLeftAndTheNewOneFoundWithinTheTtl() {
    // A 500 ms interval makes the announced TTL 5 s (silence allowed: a third of it): the same bound, with seconds of slack.
    FakeGateway frozen = gateway("m1").leader(1).heartbeatIntervalMs(500).acksHeartbeats();
    FakeGateway next = gateway("m2").follower("m1", frozen.address());
    Worker w = start(config(frozen.address(), next.address()).build());
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED && frozen.heartbeats().size() >= 3);
    long ttlMs = 5_000;

    frozen.freeze();
    next.leader(2).heartbeatIntervalMs(500).acksHeartbeats();
    long paused = System.nanoTime();

    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED && next.address().equals(w.gateway().connectedTo()));
    long tookMs = (System.nanoTime() - paused) / 1_000_000;
    assertThat(tookMs).as("left the frozen leader for the new one in %d ms; the TTL is %d ms", tookMs, ttlMs).isLessThan(ttlMs);
    assertThat(w.gateway().silentLeaders()).isEqualTo(1);
    assertThat(w.highestTerm()).isEqualTo(2);
  }

  @Test
  void aLeaderThatNeverAcksHeartbeatsIsNotTakenForAFrozenOne() {
    // A manager of the release before keepalive: it answers nothing to heartbeats.
    FakeGateway leader = gateway("m1").leader(1).heartbeatIntervalMs(50);
    Worker w = start(config(leader.address()).build());
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);

    await().atMost(WAIT).until(() -> leader.heartbeats().size() >= 30); // ten times the silence a keepalive leader is allowed
    assertThat(w.gateway().silentLeaders()).isZero();
    assertThat(leader.registers()).hasSize(1);
    assertThat(w.connectionState()).isEqualTo(ConnectionState.REGISTERED);
  }

  @Test
  void reconnectsAfterADropWithoutStoppingTasksAndReRegistersThem() {
    FakeGateway leader = gateway("m1").leader(1);
    Worker w = start(config(leader.address()).build());
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    leader.send(new Desired(1, "w1", List.of(sleeper("t1", 4))));
    String handle = awaitRunning(w, "t1").handle();

    leader.dropConnections();
    await().atMost(WAIT).until(() -> leader.registers().size() == 2 && w.connectionState() == ConnectionState.REGISTERED);
    assertThat(w.gateway().reconnects()).isGreaterThanOrEqualTo(1);
    assertThat(alive(handle)).as("task kept running through the drop").isTrue();
    assertThat(leader.registers().get(1).runningTasks())
        .containsExactly(new RunningTask("t1", 4, TaskState.RUNNING, handle, 0, null));
  }

  @Test
  void keepsTasksRunningWhileNoManagerAnswersAndReconnectsWhenOneComesBack() {
    FakeGateway leader = gateway("m1").leader(1);
    GatewayAddress address = leader.address();
    Worker w = start(config(address).build());
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    leader.send(new Desired(1, "w1", List.of(sleeper("t1", 1))));
    String handle = awaitRunning(w, "t1").handle();

    leader.close();
    await().atMost(WAIT).until(() -> w.gateway().reconnects() >= 3);
    assertThat(w.connectionState()).isNotEqualTo(ConnectionState.REGISTERED);
    assertThat(alive(handle)).isTrue();
    assertThat(w.tasks().get("t1").state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void ignoresLeaderMessagesOfALowerTermEvenAfterARestart() {
    FakeGateway leader = gateway("m1").leader(5);
    Worker w = start(config(leader.address()).build());
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    leader.send(new Desired(5, "w1", List.of(sleeper("t1", 1))));
    String handle = awaitRunning(w, "t1").handle();

    leader.send(new Desired(4, "w1", List.of()));
    leader.send(new Desired(4, "w1", List.of(sleeper("t1", 2))));
    leader.send(new Desired(5, "w1", List.of(sleeper("t1", 1), sleeper("marker", 1))));
    awaitRunning(w, "marker");
    assertThat(w.tasks().get("t1").handle()).isEqualTo(handle);
    assertThat(alive(handle)).isTrue();
    assertThat(w.gateway().ignoredStaleMessages()).isEqualTo(2);
    assertThat(w.scrapeMetrics()).contains("orchestrate_worker_gateway_stale_messages_total{node=\"w1\"} 2.0");

    w.close();
    open.remove(w);
    Worker again = start(config(leader.address()).build());
    assertThat(again.highestTerm()).as("term survives a restart").isEqualTo(5);
  }

  @Test
  void desiredStartsMissingAndStopsExtraTasksAndReportsEachStop() {
    FakeGateway leader = gateway("m1").leader(1);
    Worker w = start(config(leader.address()).build());
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);

    leader.send(new Desired(1, "w1", List.of(sleeper("a", 1), sleeper("b", 1))));
    String a = awaitRunning(w, "a").handle();
    awaitRunning(w, "b");
    leader.send(new Desired(1, "w1", List.of(sleeper("b", 1), sleeper("c", 1))));
    awaitRunning(w, "c");
    await().atMost(WAIT).until(() -> !w.tasks().containsKey("a"));
    assertThat(alive(a)).isFalse();

    leader.send(new Desired(1, "w1", List.of(sleeper("c", 1))));
    await().atMost(WAIT).until(() -> !w.tasks().containsKey("b"));
    await().atMost(WAIT).until(() -> leader.updates().stream().anyMatch(u -> u.taskId().equals("b") && u.state() == TaskState.STOPPED));
    TaskUpdate stopped = leader.updates().stream().filter(u -> u.taskId().equals("b") && u.state() == TaskState.STOPPED).findFirst().orElseThrow();
    assertThat(stopped.reason()).isEqualTo("no longer desired on this node");
    assertThat(stopped.generation()).isEqualTo(1);
    assertThat(leader.updates()).anyMatch(u -> u.taskId().equals("a") && u.state() == TaskState.STOPPED);
  }

  @Test
  void anOlderGenerationCopyIsReplaced() {
    FakeGateway leader = gateway("m1").leader(1);
    Worker w = start(config(leader.address()).build());
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    leader.send(new Desired(1, "w1", List.of(sleeper("t", 1))));
    String first = awaitRunning(w, "t").handle();

    leader.send(new Desired(1, "w1", List.of(sleeper("t", 2))));
    await().atMost(WAIT).until(() -> w.tasks().get("t").generation() == 2 && w.tasks().get("t").state() == TaskState.RUNNING);
    assertThat(alive(first)).isFalse();
    assertThat(alive(w.tasks().get("t").handle())).isTrue();
  }

  @Test
  void aFailedTaskIsReportedWithItsExitCodeAndRestarts() {
    FakeGateway leader = gateway("m1").leader(1);
    Worker w = start(config(leader.address()).build());
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    leader.send(new Desired(1, "w1", List.of(new DesiredTask("crash", "job-1", "g", 0, 1, null, List.of("sh", "-c", "exit 3"), Map.of(),
        null, new RestartPolicy(RestartPolicy.Policy.ON_FAILURE, 3, 0)))));

    await().atMost(WAIT).until(() -> leader.updates().stream().anyMatch(u -> u.state() == TaskState.FAILED));
    TaskUpdate failed = leader.updates().stream().filter(u -> u.state() == TaskState.FAILED).findFirst().orElseThrow();
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.restarts()).isEqualTo(3);
    assertThat(failed.reason()).startsWith("exited with code 3; 3 restarts exhausted");
    assertThat(w.scrapeMetrics()).contains("orchestrate_worker_task_restarts_total{node=\"w1\"} 3.0");
  }

  @Test
  void servesPrometheusMetrics() throws Exception {
    FakeGateway leader = gateway("m1").leader(1);
    Worker w = start(config(leader.address()).metricsAddress("127.0.0.1:0").build());
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    leader.send(new Desired(1, "w1", List.of(sleeper("t", 1))));
    awaitRunning(w, "t");

    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + w.metricsAddress().getPort() + "/metrics");
    await().atMost(WAIT).untilAsserted(() -> {
      HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body())
          .contains("orchestrate_worker_tasks_running{node=\"w1\"} 1.0")
          .contains("orchestrate_worker_gateway_connected{node=\"w1\"} 1.0")
          .contains("orchestrate_worker_gateway_reconnects")
          .contains("orchestrate_worker_task_starts_total{node=\"w1\"} 1.0");
    });
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + w.metricsAddress().getPort() + "/nope")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
  }
}
