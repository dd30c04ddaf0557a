package io.orchestrate.worker.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.Secrets;
import io.orchestrate.testing.docker.RequiresDocker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the docker driver against the real local engine with {@code local/busybox:1}. Every
 * container is labelled with a node id unique to this run and removed by that label afterwards.
 */
@RequiresDocker(images = DockerDriverTest.IMAGE)
class DockerDriverTest {
  static final String IMAGE = "local/busybox:1";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String NODE = "test-node-" + RUN;
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static DockerClientConfig config;
  private static DockerDriver driver;
  /** An independent client, so assertions do not trust the code under test to read back its own work. */
  private static DockerClient raw;

  @BeforeAll
  static void connect() {
    config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    driver = new DockerDriver(config, NODE, DockerDriverSettings.defaults().withPullTimeout(Duration.ofSeconds(10)));
    raw = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
  }

  @AfterAll
  static void removeEverythingThisRunCreated() throws Exception {
    if (raw == null) return;
    for (Container c : containersOfThisRun(Map.of())) {
      raw.removeContainerCmd(c.getId()).withForce(true).exec();
    }
    assertThat(containersOfThisRun(Map.of())).as("containers left behind by this run").isEmpty();
    raw.close();
    driver.close();
  }

  private static List<Container> containersOfThisRun(Map<String, String> moreLabels) {
    Map<String, String> labels = new java.util.HashMap<>(moreLabels);
    labels.put(TaskDriver.LABEL_NODE, NODE);
    return raw.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
  }

  private static TaskLaunch launch(Resources resources, String... command) {
    int n = SEQ.incrementAndGet();
    String taskId = "task-" + RUN + "-" + n;
    return new TaskLaunch(taskId, "job-" + RUN, NODE, IMAGE, List.of(command), Map.of(), resources, "orch-" + RUN + "-" + n);
  }

  private static TaskStatus awaitExit(TaskDriver d, String handle) {
    return await().atMost(WAIT).until(() -> d.inspect(handle), s -> s.phase() == TaskStatus.Phase.EXITED);
  }

  @Test
  void appliesTheMemoryLimitWithoutExtraSwap() throws Exception {
    String id = driver.start(launch(Resources.of(0.5, 48, 0), "sleep", "60"));

    InspectContainerResponse seen = raw.inspectContainerCmd(id).exec();
    assertThat(seen.getHostConfig().getMemory()).isEqualTo(48L * 1024 * 1024);
    assertThat(seen.getHostConfig().getMemorySwap()).isEqualTo(48L * 1024 * 1024);
    assertThat(driver.inspect(id)).isEqualTo(TaskStatus.running());
  }

  @Test
  void appliesTheCpuLimitAsNanoCpus() throws Exception {
    String id = driver.start(launch(Resources.of(0.25, 32, 0), "sleep", "60"));

    assertThat(raw.inspectContainerCmd(id).exec().getHostConfig().getNanoCPUs()).isEqualTo(250_000_000L);
  }

  @Test
  void labelsTheContainerWithTaskJobAndNode() throws Exception {
    TaskLaunch launch = launch(Resources.defaults(), "sleep", "60");
    String id = driver.start(launch);

    assertThat(raw.inspectContainerCmd(id).exec().getConfig().getLabels())
        .containsEntry(TaskDriver.LABEL_TASK_ID, launch.taskId())
        .containsEntry(TaskDriver.LABEL_JOB_ID, launch.jobId())
        .containsEntry(TaskDriver.LABEL_NODE, NODE);
  }

  @Test
  void reportsTheExitCodeAndTheTailOfTheLogs() throws Exception {
    // The engine copies stdout and stderr concurrently, so only lines of one stream keep their order.
    String id = driver.start(launch(Resources.defaults(), "sh", "-c", "echo to-stderr >&2; echo first; echo second; echo third; exit 3"));

    TaskStatus status = awaitExit(driver, id);

    assertThat(status.exitCode()).isEqualTo(3);
    String all = driver.logsTail(id, 10);
    List<String> lines = all.lines().toList();
    assertThat(all).endsWith("\n");
    assertThat(lines).containsExactlyInAnyOrder("to-stderr", "first", "second", "third");
    assertThat(lines.stream().filter(l -> !l.equals("to-stderr")).toList()).containsExactly("first", "second", "third");
    // Once written, the engine's order is fixed: a shorter tail is the end of the longer one.
    assertThat(driver.logsTail(id, 2).lines().toList()).isEqualTo(lines.subList(2, 4));
    assertThat(driver.logsTail(id, 1).lines().toList()).isEqualTo(lines.subList(3, 4));
  }

  private static TaskLaunch onNetwork(String network, String... command) {
    TaskLaunch b = launch(Resources.defaults(), command);
    return new TaskLaunch(b.taskId(), b.jobId(), b.nodeId(), b.image(), b.command(), b.env(), b.resources(), b.name(), network);
  }

  @Test
  void joinsTheTasksNetworkAndNamesTheAddressAHealthCheckUses() throws Exception {
    String bridged = driver.start(launch(Resources.defaults(), "sleep", "60"));
    InspectContainerResponse b = raw.inspectContainerCmd(bridged).exec();
    assertThat(b.getHostConfig().getNetworkMode()).isEqualTo("bridge");
    assertThat(driver.address(bridged)).isEqualTo(b.getNetworkSettings().getIpAddress()).isNotEqualTo("127.0.0.1");

    String host = driver.start(onNetwork("host", "sleep", "60"));
    assertThat(raw.inspectContainerCmd(host).exec().getHostConfig().getNetworkMode()).isEqualTo("host");
    assertThat(driver.address(host)).as("a host-network task listens on the worker's loopback").isEqualTo("127.0.0.1");

    // Only loopback inside: the container lists no interface but lo.
    String none = driver.start(onNetwork("none", "sh", "-c", "ls /sys/class/net"));
    assertThat(raw.inspectContainerCmd(none).exec().getHostConfig().getNetworkMode()).isEqualTo("none");
    assertThat(awaitExit(driver, none).exitCode()).isZero();
    assertThat(driver.logsTail(none, 5)).isEqualTo("lo\n");
  }

  @Test
  void passesTheEnvironment() throws Exception {
    TaskLaunch base = launch(Resources.defaults(), "sh", "-c", "echo \"greeting=$GREETING\"");
    TaskLaunch launch = new TaskLaunch(base.taskId(), base.jobId(), base.nodeId(), base.image(), base.command(),
        Map.of("GREETING", "hello world"), base.resources(), base.name());
    String id = driver.start(launch);

    assertThat(awaitExit(driver, id).exitCode()).isZero();
    assertThat(driver.logsTail(id, 5)).isEqualTo("greeting=hello world\n");
  }

  @Test
  void passesSecretsAsEnvironmentVariablesButNotAsLabels() throws Exception {
    TaskLaunch base = launch(Resources.defaults(), "sh", "-c", "echo \"password=$DB_PASSWORD greeting=$GREETING\"");
    TaskLaunch launch = new TaskLaunch(base.taskId(), base.jobId(), base.nodeId(), base.image(), base.command(),
        Map.of("GREETING", "hi"), base.resources(), base.name(), null, null, Secrets.of(Map.of("DB_PASSWORD", "s3cr3t-hunter2")));
    String id = driver.start(launch);

    assertThat(awaitExit(driver, id).exitCode()).isZero();
    assertThat(driver.logsTail(id, 5)).isEqualTo("password=s3cr3t-hunter2 greeting=hi\n");
    assertThat(raw.inspectContainerCmd(id).exec().getConfig().getLabels().values()).noneMatch(v -> v.contains("s3cr3t"));
  }

  @Test
  void stopKillsAfterTheGraceAndRemoveLeavesNoContainer() throws Exception {
    // PID 1 in a container ignores SIGTERM unless it installs a handler, so only the kill after the grace stops it.
    TaskLaunch launch = launch(Resources.defaults(), "sleep", "600");
    String id = driver.start(launch);

    driver.stop(id, Duration.ofSeconds(1));
    TaskStatus stopped = driver.inspect(id);
    assertThat(stopped.phase()).isEqualTo(TaskStatus.Phase.EXITED);
    assertThat(stopped.exitCode()).isEqualTo(137);

    driver.remove(id);
    assertThat(driver.inspect(id)).isEqualTo(TaskStatus.missing());
    assertThat(containersOfThisRun(Map.of(TaskDriver.LABEL_TASK_ID, launch.taskId()))).isEmpty();

    // Idempotent: a second stop and remove of a container that no longer exists are not errors.
    driver.stop(id, Duration.ofSeconds(1));
    driver.remove(id);
  }

  @Test
  void anotherDriverInstanceOfTheSameNodeReadoptsTheContainer() throws Exception {
    TaskLaunch launch = launch(Resources.defaults(), "sleep", "60");
    String id = driver.start(launch);

    try (DockerDriver restarted = new DockerDriver(config, NODE, DockerDriverSettings.defaults());
         DockerDriver otherNode = new DockerDriver(config, NODE + "-other", DockerDriverSettings.defaults())) {
      assertThat(restarted.list())
          .contains(new DriverTask(id, launch.taskId(), launch.jobId(), NODE, TaskStatus.Phase.RUNNING));
      assertThat(otherNode.list()).extracting(DriverTask::taskId).doesNotContain(launch.taskId());
      assertThat(restarted.inspect(id)).isEqualTo(TaskStatus.running());
    }
  }

  @Test
  void aMissingImageFailsFastNamingTheImage() {
    TaskLaunch base = launch(Resources.defaults(), "true");
    TaskLaunch launch = new TaskLaunch(base.taskId(), base.jobId(), NODE, "local/nope:0", base.command(), Map.of(),
        base.resources(), base.name());

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> driver.start(launch))
        .isInstanceOf(DriverException.class)
        .hasMessageStartingWith("image local/nope:0 not available: ");
    // The pull timeout is 10 s; failing within it shows the bound (or the engine's fast refusal) works.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    assertThat(containersOfThisRun(Map.of(TaskDriver.LABEL_TASK_ID, launch.taskId()))).isEmpty();
  }

  @Test
  void aNameInUseIsReportedWithTheName() throws Exception {
    TaskLaunch first = launch(Resources.defaults(), "sleep", "60");
    driver.start(first);
    TaskLaunch second = new TaskLaunch(first.taskId() + "-b", first.jobId(), NODE, IMAGE, first.command(), Map.of(),
        first.resources(), first.name());

    assertThatThrownBy(() -> driver.start(second))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("container name '" + first.name() + "' is already in use");
  }

  @Test
  void aContainerKilledForMemoryReportsOutOfMemory() throws Exception {
    // Builds a 64 MiB string in the shell under a 16 MiB limit: the kernel's OOM killer must end it.
    String id = driver.start(launch(Resources.of(0.5, 16, 0), "sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x}"));

    TaskStatus status = awaitExit(driver, id);

    assertThat(status.exitCode()).isEqualTo(137);
    assertThat(status.reason()).isEqualTo("out of memory (limit 16 MiB)");
  }

  @Test
  void availableAnswersForThisEngineAndQuicklyForNoEngine() {
    assertThat(driver.available()).isTrue();

    DockerClientConfig nowhere = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("unix:///nonexistent/docker.sock").build();
    long t0 = System.nanoTime();
    assertThat(DockerDriver.available(nowhere, Duration.ofSeconds(2))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void addressIsTheContainersBridgeAddressWhereItsPortsAnswer() throws Exception {
    String id = driver.start(launch(Resources.of(0.1, 32, 0), "httpd", "-f", "-p", "8080"));

    String address = driver.address(id);
    assertThat(address).isEqualTo(raw.inspectContainerCmd(id).exec().getNetworkSettings().getIpAddress()).isNotBlank();
    await("the container's port answers on that address").atMost(WAIT).until(() -> {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress(address, 8080), 1000);
        return true;
      } catch (java.io.IOException e) {
        return false;
      }
    });
    assertThatThrownBy(() -> driver.address("no-such-container-" + RUN)).isInstanceOf(DriverException.class).hasMessageContaining("no container");
  }

  @Test
  void execRunsInsideTheContainerAndReportsItsCodeAndOutput() throws Exception {
    String id = driver.start(launch(Resources.of(0.1, 32, 0), "sh", "-c", "echo inside > /tmp/mark; sleep 60"));
    await().atMost(WAIT).until(() -> driver.exec(id, List.of("test", "-f", "/tmp/mark"), Duration.ofSeconds(5)).exitCode() == 0);

    ExecResult cat = driver.exec(id, List.of("cat", "/tmp/mark"), Duration.ofSeconds(5));
    assertThat(cat).isEqualTo(new ExecResult(0, "inside"));
    ExecResult failing = driver.exec(id, List.of("sh", "-c", "echo nope >&2; exit 4"), Duration.ofSeconds(5));
    assertThat(failing).isEqualTo(new ExecResult(4, "nope"));
    ExecResult slow = driver.exec(id, List.of("sleep", "30"), Duration.ofSeconds(1));
    assertThat(slow.timedOut()).isTrue();
  }
}
