package io.orchestrate.worker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.HealthCheck;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.core.spec.RestartPolicy.Policy;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.TaskStatus;
import io.orchestrate.gateway.protocol.TaskUpdate;
import io.orchestrate.worker.driver.ProcessDriver;
import io.orchestrate.worker.health.DriverCheckRunner;
import io.orchestrate.worker.health.ExecutorProbeScheduler;
import io.orchestrate.worker.health.HealthProber;
import io.orchestrate.worker.store.TaskRecord;
import io.orchestrate.worker.store.WorkerStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health checks through the reconciler with the process driver and real checks at a 1 s interval. */
class ReconcilerHealthTest {
  private static final String NODE = "n1";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private ProcessDriver driver;
  private WorkerStore store;
  private ScheduledExecutorService owner;
  private final List<TaskStatus> sent = new CopyOnWriteArrayList<>();
  private final Set<String> handlesSeen = ConcurrentHashMap.newKeySet();
  private Reconciler reconciler;

  @BeforeEach
  void setUp() throws Exception {
    driver = new ProcessDriver(dir.resolve("process"));
    store = WorkerStore.open(dir.resolve("store"));
    owner = Executors.newSingleThreadScheduledExecutor();
    HealthProber prober = new HealthProber(new ExecutorProbeScheduler(NODE, 2, Clock.systemUTC()), new DriverCheckRunner(driver));
    reconciler = new Reconciler(NODE, driver, store, sent::add, owner, Clock.systemUTC(),
        new ReconcilerSettings(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofSeconds(2), 5), ReconcilerListener.NONE, prober);
    reconciler.start().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    reconciler.close();
    owner.shutdownNow();
    owner.awaitTermination(5, TimeUnit.SECONDS);
    driver.close();
    store.close();
  }

  /** Makes exactly these tasks the node's desired set. */
  private void want(DesiredTask... tasks) {
    reconciler.desired(new Desired(1, NODE, List.of(tasks)));
  }

  private static DesiredTask task(String id, List<String> command, RestartPolicy restart, HealthCheck health) {
    return new DesiredTask(id, "job-1", "g", 0, 1, null, command, Map.of(), Resources.defaults(), restart, health);
  }

  private List<TaskUpdate> updates(String taskId) {
    return sent.stream().flatMap(s -> s.updates().stream()).filter(u -> u.taskId().equals(taskId)).toList();
  }

  private TaskRecord awaitState(String taskId, TaskState state) {
    await().atMost(WAIT).until(() -> {
      TaskRecord r = reconciler.records().get(taskId);
      if (r != null && r.handle() != null) handlesSeen.add(r.handle());
      return r != null && r.state() == state;
    });
    return reconciler.records().get(taskId);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aTaskServingItsPortIsReportedStartingThenHealthy() throws IOException {
    int port = freePort();
    // python takes seconds to listen on a loaded host: a grace period keeps its first refusals from
    // counting (a pass ends it at once), or three of them would restart the task as unhealthy.
    want(task("web", List.of("python3", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1"),
        RestartPolicy.defaults(), HealthCheck.http("/", port).withTimings(1, 2, 3, 20)));

    await().atMost(WAIT).until(() -> "healthy".equals(reconciler.health().get("web")));
    TaskRecord r = reconciler.records().get("web");
    assertThat(r.state()).isEqualTo(TaskState.RUNNING);
    assertThat(r.restarts()).isZero();
    await().atMost(WAIT).until(() -> updates("web").stream().anyMatch(u -> "healthy".equals(u.health())));
    List<String> reported = updates("web").stream().map(TaskUpdate::health).distinct().toList();
    assertThat(reported).containsExactly("starting", "healthy");
    assertThat(reconciler.runningTasks()).singleElement().satisfies(t -> assertThat(t.health()).isEqualTo("healthy"));
  }

  @Test
  void aCheckAgainstAClosedPortRestartsTheTaskPerPolicyThenFailsItAsUnhealthy() throws IOException {
    int port = freePort();
    want(task("deaf", List.of("sleep", "300"), new RestartPolicy(Policy.ON_FAILURE, 1, 0),
        HealthCheck.tcp(port).withTimings(1, 1, 2, 0)));

    String first = awaitState("deaf", TaskState.RUNNING).handle();
    TaskRecord failed = awaitState("deaf", TaskState.FAILED);
    assertThat(failed.restarts()).as("one restart, then the policy is exhausted").isEqualTo(1);
    assertThat(failed.handle()).as("the restart made a new copy").isNotEqualTo(first);
    assertThat(failed.reason()).startsWith("unhealthy: tcp 127.0.0.1:" + port + ": connection refused; 1 restarts exhausted");
    assertThat(failed.exitCode()).isNull();
    assertThat(driver.inspect(first).isRunning()).as("the first unhealthy copy was stopped").isFalse();
    assertThat(driver.inspect(failed.handle()).isRunning()).as("the last unhealthy copy was stopped").isFalse();

    await().atMost(WAIT).until(() -> updates("deaf").stream().anyMatch(u -> u.state() == TaskState.FAILED));
    TaskUpdate last = updates("deaf").get(updates("deaf").size() - 1);
    assertThat(last.state()).isEqualTo(TaskState.FAILED);
    assertThat(last.health()).isEqualTo("unhealthy");
    assertThat(last.reason()).contains("unhealthy: tcp 127.0.0.1:" + port);
    assertThat(updates("deaf")).as("while the restart waited, the managers heard it was unhealthy")
        .anyMatch(u -> u.state() == TaskState.RUNNING && u.restarts() == 0 && "unhealthy".equals(u.health()));
    assertThat(updates("deaf")).as("the restarted copy started over")
        .anyMatch(u -> u.state() == TaskState.RUNNING && u.restarts() == 1 && "starting".equals(u.health()));
  }

  @Test
  void aFailingCommandCheckWithRestartNeverFailsTheTaskAtOnceWithTheCommandsWords() {
    want(task("picky", List.of("sh", "-c", "echo started; sleep 300"), new RestartPolicy(Policy.NEVER, 3, 0),
        HealthCheck.command(List.of("sh", "-c", "echo missing ready file; test -f ready")).withTimings(1, 2, 1, 0)));

    TaskRecord failed = awaitState("picky", TaskState.FAILED);
    assertThat(failed.restarts()).isZero();
    assertThat(failed.reason()).startsWith("unhealthy: command sh exited with code 1: missing ready file");
    assertThat(failed.reason()).as("the task's own last output follows").contains("last output:\nstarted");
  }

  @Test
  void aCommandCheckPassesOnceTheTaskIsReadyAndTasksWithoutChecksHaveNoHealth() {
    want(task("ready", List.of("sh", "-c", "touch ready; sleep 300"), RestartPolicy.defaults(),
        HealthCheck.command(List.of("test", "-f", "ready")).withTimings(1, 2, 3, 20)),
        task("plain", List.of("sleep", "300"), RestartPolicy.defaults(), null));

    await().atMost(WAIT).until(() -> "healthy".equals(reconciler.health().get("ready")));
    awaitState("plain", TaskState.RUNNING);
    assertThat(reconciler.health()).doesNotContainKey("plain");
    assertThat(updates("plain")).allMatch(u -> u.health() == null);
  }
}
