package io.orchestrate.worker.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.orchestrate.core.spec.Resources;
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
 * Every container the docker driver starts is hardened, as the engine itself reports it ({@code
 * docker inspect}): no new privileges, every capability dropped but the documented few, a pids
 * limit, and the task's user when it names one. And the hardening holds inside the container.
 */
@RequiresDocker(images = DockerDriverHardeningIT.IMAGE)
class DockerDriverHardeningIT {
  static final String IMAGE = "local/busybox:1";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String NODE = "harden-" + RUN;
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static DockerDriver driver;
  private static DockerClient raw;

  @BeforeAll
  static void connect() {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    driver = new DockerDriver(config, NODE, DockerDriverSettings.defaults().withPidsLimit(64));
    raw = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
  }

  @AfterAll
  static void removeEverythingThisRunCreated() throws Exception {
    if (raw == null) return;
    List<Container> left = raw.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(TaskDriver.LABEL_NODE, NODE)).exec();
    for (Container c : left) raw.removeContainerCmd(c.getId()).withForce(true).exec();
    raw.close();
    driver.close();
  }

  private static TaskLaunch launch(String user, String... command) {
    int n = SEQ.incrementAndGet();
    return new TaskLaunch("task-" + RUN + "-" + n, "job-" + RUN, NODE, IMAGE, List.of(command), Map.of(), Resources.of(0.2, 32, 0),
        "orch-" + RUN + "-" + n, null, user);
  }

  private static TaskStatus awaitExit(String handle) {
    return await().atMost(WAIT).until(() -> driver.inspect(handle), s -> s.phase() == TaskStatus.Phase.EXITED);
  }

  @Test
  void aContainerHasNoNewPrivilegesOnlyTheDocumentedCapabilitiesAndAPidsLimit() throws Exception {
    String id = driver.start(launch(null, "sleep", "60"));
    InspectContainerResponse seen = raw.inspectContainerCmd(id).exec();
    assertThat(seen.getHostConfig().getSecurityOpts()).containsExactly("no-new-privileges");
    assertThat(seen.getHostConfig().getCapDrop()).containsExactly(Capability.ALL);
    assertThat(seen.getHostConfig().getCapAdd())
        .containsExactlyInAnyOrder(Capability.CHOWN, Capability.SETUID, Capability.SETGID, Capability.NET_BIND_SERVICE);
    assertThat(seen.getHostConfig().getPidsLimit()).isEqualTo(64L);
    assertThat(seen.getConfig().getUser()).as("the image's own user when the task names none").isEmpty();
  }

  @Test
  void aTasksUserBecomesTheContainersUser() throws Exception {
    String id = driver.start(launch("1000:1000", "sh", "-c", "test \"$(id -u):$(id -g)\" = 1000:1000"));
    assertThat(raw.inspectContainerCmd(id).exec().getConfig().getUser()).isEqualTo("1000:1000");
    assertThat(awaitExit(id).exitCode()).as("the process runs as 1000:1000: " + driver.logsTail(id, 5)).isZero();
  }

  @Test
  void insideTheContainerTheBoundingSetIsTheDocumentedOneAndNoPrivilegeCanBeGained() throws Exception {
    // CapBnd is the bounding set: CHOWN (0), SETGID (6), SETUID (7), NET_BIND_SERVICE (10) = 0x4c1. NoNewPrivs is the flag.
    String id = driver.start(launch(null, "sh", "-c", "grep -E '^(CapBnd|NoNewPrivs):' /proc/self/status"));
    assertThat(awaitExit(id).exitCode()).isZero();
    String status = driver.logsTail(id, 5);
    assertThat(status).containsPattern("CapBnd:\\s+0+4c1").containsPattern("NoNewPrivs:\\s+1");
  }

  @Test
  void aForkBombStopsAtThePidsLimit() throws Exception {
    // Limited to 64 processes: 40 at once start, 100 at once do not (the shell's fork fails and it exits).
    String under = driver.start(launch(null, "sh", "-c", "for i in $(seq 1 40); do sleep 2 & done; wait"));
    String over = driver.start(launch(null, "sh", "-c", "for i in $(seq 1 100); do sleep 2 & done; wait"));
    assertThat(awaitExit(under).exitCode()).as(driver.logsTail(under, 5)).isZero();
    assertThat(awaitExit(over).exitCode()).isNotZero();
    assertThat(driver.logsTail(over, 5)).contains("can't fork");
  }
}
