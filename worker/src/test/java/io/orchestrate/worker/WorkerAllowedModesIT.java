package io.orchestrate.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Allow;
import io.orchestrate.core.spec.NetworkMode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.TaskUpdate;
import io.orchestrate.worker.gateway.ConnectionState;
import io.orchestrate.worker.gateway.FakeGateway;
import io.orchestrate.worker.store.TaskRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole worker (process driver) and what its operator allows: it says so when it registers, and
 * a desired host-network task on a worker that does not allow it fails with a reason naming the
 * flag instead of running, whatever the leader asks.
 */
class WorkerAllowedModesIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private Worker start(FakeGateway leader, String... allow) {
    WorkerConfig config = WorkerConfig.builder()
        .id("w1")
        .dataDir(dir.resolve("w1"))
        .managers(List.of(leader.address()))
        .driver(WorkerConfig.DRIVER_PROCESS)
        .allow(Allow.PROCESS_DRIVER)
        .allow(allow)
        .cpus(2).memoryMb(1024).diskMb(2048)
        .advertiseHost("127.0.0.1")
        .monitorInterval(Duration.ofMillis(20))
        .statusBatchWindow(Duration.ofMillis(20))
        .stopGrace(Duration.ofSeconds(2))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .build();
    Worker w = new Worker(config).start();
    open.add(w);
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    return w;
  }

  private FakeGateway leader() {
    FakeGateway g = new FakeGateway("m1").leader(1);
    open.add(g);
    return g;
  }

  private static DesiredTask sleeper(String id, String network) {
    return new DesiredTask(id, "job-1", "g", 0, 1, null, List.of("sleep", "300"), Map.of(), Resources.defaults(),
        RestartPolicy.defaults(), null, network);
  }

  private static TaskRecord awaitState(Worker w, String taskId, TaskState state) {
    await().atMost(WAIT).until(() -> {
      TaskRecord r = w.tasks().get(taskId);
      return r != null && r.state() == state;
    });
    return w.tasks().get(taskId);
  }

  @Test
  void theWorkerReportsWhatItAllowsWhenItRegisters() {
    FakeGateway leader = leader();
    start(leader, Allow.HOST_NETWORK);
    assertThat(leader.registers().get(0).allows()).containsExactly(Allow.HOST_NETWORK, Allow.PROCESS_DRIVER);
    // Version 4 carries what it allows; this worker also serves task output, which takes version 5.
    assertThat(leader.registers().get(0).servesLogs()).isTrue();
    assertThat(leader.registers().get(0).wireVersion()).isEqualTo(5);
  }

  @Test
  void aHostNetworkTaskOnAWorkerThatDoesNotAllowItFailsNamingTheFlagAndNeverRuns() {
    FakeGateway leader = leader();
    Worker w = start(leader);
    leader.send(new Desired(1, "w1", List.of(sleeper("host", NetworkMode.HOST), sleeper("plain", null))));

    awaitState(w, "plain", TaskState.RUNNING);
    TaskRecord refused = awaitState(w, "host", TaskState.FAILED);
    assertThat(refused.handle()).as("nothing was started for it").isNull();
    assertThat(refused.reason()).contains("network: host is not allowed on this worker").contains("--allow host-network");
    await().atMost(WAIT).until(() -> leader.updates().stream().anyMatch(u -> u.taskId().equals("host") && u.state() == TaskState.FAILED));
    assertThat(leader.updates()).filteredOn(u -> u.taskId().equals("host")).extracting(TaskUpdate::state)
        .as("the leader never hears it ran").doesNotContain(TaskState.RUNNING);
  }

  @Test
  void aWorkerThatAllowsTheHostNetworkRunsSuchATask() {
    FakeGateway leader = leader();
    Worker w = start(leader, Allow.HOST_NETWORK);
    leader.send(new Desired(1, "w1", List.of(sleeper("host", NetworkMode.HOST))));
    assertThat(awaitState(w, "host", TaskState.RUNNING).handle()).startsWith("proc-");
  }
}
