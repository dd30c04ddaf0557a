package io.orchestrate.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.RunningTask;
import io.orchestrate.testing.docker.RequiresDocker;
import io.orchestrate.worker.driver.TaskDriver;
import io.orchestrate.worker.gateway.ConnectionState;
import io.orchestrate.worker.gateway.FakeGateway;
import io.orchestrate.worker.store.TaskRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole worker with the docker driver against the local engine. Each test uses a node id of its
 * own and removes every container labelled with it afterwards.
 */
@RequiresDocker(images = WorkerDockerIT.IMAGE)
class WorkerDockerIT {
  static final String IMAGE = "local/busybox:1";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long MIB = 1024L * 1024L;

  @TempDir Path dir;
  private final String node = "wdock-" + UUID.randomUUID().toString().substring(0, 8);
  private DockerClient raw;
  private FakeGateway leader;
  private Worker worker;

  @BeforeEach
  void setUp() {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    raw = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    leader = new FakeGateway("m1").leader(1);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (worker != null) worker.close();
    leader.close();
    for (Container c : containers(Map.of())) raw.removeContainerCmd(c.getId()).withForce(true).exec();
    assertThat(containers(Map.of())).as("containers left behind").isEmpty();
    raw.close();
  }

  private List<Container> containers(Map<String, String> moreLabels) {
    Map<String, String> labels = new java.util.HashMap<>(moreLabels);
    labels.put(TaskDriver.LABEL_NODE, node);
    return raw.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
  }

  private Worker startWorker(String... allow) {
    WorkerConfig config = WorkerConfig.builder()
        .id(node)
        .dataDir(dir.resolve(node))
        .managers(List.of(leader.address()))
        .driver(WorkerConfig.DRIVER_DOCKER)
        .cpus(2).memoryMb(1024).diskMb(1024)
        .monitorInterval(Duration.ofMillis(100))
        .stopGrace(Duration.ofSeconds(1))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .allow(allow)
        .build();
    worker = new Worker(config).start();
    return worker;
  }

  private static DesiredTask sleeper(String id, Resources resources) {
    return new DesiredTask(id, "job-1", "g", 0, 1, IMAGE, List.of("sleep", "300"), Map.of("ROLE", "test"), resources,
        RestartPolicy.defaults());
  }

  private static TaskRecord awaitRunning(Worker w, String taskId) {
    await().atMost(WAIT).until(() -> {
      TaskRecord r = w.tasks().get(taskId);
      return r != null && r.state() == TaskState.RUNNING;
    });
    return w.tasks().get(taskId);
  }

  @Test
  void aRestartedWorkerReAdoptsItsRunningContainers() {
    Worker first = startWorker();
    await().atMost(WAIT).until(() -> first.connectionState() == ConnectionState.REGISTERED);
    leader.send(new Desired(1, node, List.of(sleeper("t1", Resources.defaults()))));
    String container = awaitRunning(first, "t1").handle();
    first.close();
    worker = null;
    assertThat(raw.inspectContainerCmd(container).exec().getState().getRunning()).as("container outlives the worker").isTrue();

    Worker second = startWorker();
    assertThat(second.tasks().get("t1").handle()).isEqualTo(container);
    await().atMost(WAIT).until(() -> leader.registers().size() == 2);
    assertThat(leader.registers().get(1).runningTasks())
        .containsExactly(new RunningTask("t1", 1, TaskState.RUNNING, container, 0, null));

    // The leader resends the same set plus one more task; once that one runs, t1's Desired was handled.
    leader.send(new Desired(1, node, List.of(sleeper("t1", Resources.defaults()), sleeper("t2", Resources.defaults()))));
    awaitRunning(second, "t2");
    assertThat(second.tasks().get("t1").handle()).isEqualTo(container);
    assertThat(containers(Map.of(TaskDriver.LABEL_TASK_ID, "t1"))).extracting(Container::getId).containsExactly(container);
    assertThat(containers(Map.of())).hasSize(2);
  }

  @Test
  void aTaskAskingForTheHostNetworkGetsItAndOneAskingForNothingGetsTheBridge() {
    Worker w = startWorker(io.orchestrate.core.spec.Allow.HOST_NETWORK);
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    DesiredTask plain = sleeper("plain", Resources.defaults());
    DesiredTask host = new DesiredTask("host", "job-1", "g", 1, 1, IMAGE, plain.command(), plain.env(), plain.resources(),
        plain.restart(), null, "host");
    leader.send(new Desired(1, node, List.of(plain, host)));
    assertThat(raw.inspectContainerCmd(awaitRunning(w, "host").handle()).exec().getHostConfig().getNetworkMode()).isEqualTo("host");
    assertThat(raw.inspectContainerCmd(awaitRunning(w, "plain").handle()).exec().getHostConfig().getNetworkMode()).isEqualTo("bridge");
  }

  @Test
  void aTasksMemoryAndCpuLimitsAreAppliedToItsContainer() {
    Worker w = startWorker();
    await().atMost(WAIT).until(() -> w.connectionState() == ConnectionState.REGISTERED);
    leader.send(new Desired(1, node, List.of(sleeper("limited", Resources.of(0.5, 64, 0)))));
    String container = awaitRunning(w, "limited").handle();

    InspectContainerResponse c = raw.inspectContainerCmd(container).exec();
    assertThat(c.getHostConfig().getMemory()).isEqualTo(64 * MIB);
    assertThat(c.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
    assertThat(c.getConfig().getLabels()).containsEntry(TaskDriver.LABEL_TASK_ID, "limited").containsEntry(TaskDriver.LABEL_NODE, node);
    assertThat(c.getConfig().getEnv()).contains("ROLE=test");
  }
}
