package io.orchestrate.cli.server;

import io.orchestrate.localcluster.ChildProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.testkit.MiniCluster;
import io.orchestrate.testing.docker.RequiresDocker;
import io.orchestrate.worker.driver.DockerDriver;
import io.orchestrate.worker.driver.DriverTask;
import io.orchestrate.worker.driver.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process killed with SIGKILL (no shutdown hook, no flush), with the production heartbeat
 * interval and TTL (1 s, 6 s): back within its TTL it re-adopts its containers; back after it, it
 * finds its tasks moved and removes its stale containers. The worker is a real child process; the
 * managers and a second worker run in this JVM. Slow: about 40 s.
 */
@RequiresDocker(images = "local/busybox:1")
class WorkerCrashIT {
  /**
   * Longer than the 6 s default: the restarted agent is a new JVM, which must start, re-read the
   * engine and register within one TTL, and a loaded 2-core machine has taken most of 6 s for that.
   */
  private static final Duration TTL = Duration.ofSeconds(15);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final String crashy = "wk-" + run;
  private final String steady = "ws-" + run;

  @AfterEach
  void removeContainers() throws Exception {
    for (String node : List.of(crashy, steady)) {
      try (DockerDriver d = DockerDriver.fromEnvironment(node)) {
        for (DriverTask t : d.list()) d.remove(t.handle());
      }
    }
  }

  private static final String JOB = """
      name: crashy
      tasks:
        - name: app
          image: local/busybox:1
          command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done"]
          count: 3
          resources: {cpu: 0.05, memoryMb: 16}
      """;

  private static List<JsonNode> tasks(MiniCluster c, String jobId) {
    List<JsonNode> out = new ArrayList<>();
    c.http().get(c.leader().apiAddress().toString(), "/v1/tasks?job=" + jobId).json().path("tasks").forEach(out::add);
    return out;
  }

  private static List<JsonNode> current(MiniCluster c, String jobId) {
    return tasks(c, jobId).stream().filter(t -> t.path("replacedBy").isMissingNode() || t.path("replacedBy").isNull()).toList();
  }

  private static boolean currentRunningOn(MiniCluster c, String jobId, String node) {
    List<JsonNode> ts = current(c, jobId);
    return ts.size() == 3 && ts.stream().allMatch(t -> t.path("state").asText().equals("RUNNING") && t.path("node").asText().equals(node));
  }

  /** task id → "container / restarts / node". */
  private static Map<String, String> identities(MiniCluster c, String jobId) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode t : tasks(c, jobId)) {
      out.put(t.path("id").asText(), t.path("containerId").asText() + " / " + t.path("restarts").asInt() + " / " + t.path("node").asText());
    }
    return out;
  }

  /** The engine's view: container ids running for {@code node}. */
  private static Set<String> runningIn(String node) throws Exception {
    Set<String> out = new TreeSet<>();
    try (DockerDriver d = DockerDriver.fromEnvironment(node)) {
      for (DriverTask t : d.list()) if (t.phase() == TaskStatus.Phase.RUNNING) out.add(t.handle());
    }
    return out;
  }

  private static Set<String> allIn(String node) throws Exception {
    Set<String> out = new TreeSet<>();
    try (DockerDriver d = DockerDriver.fromEnvironment(node)) {
      for (DriverTask t : d.list()) out.add(t.handle());
    }
    return out;
  }

  private static boolean connected(MiniCluster c, String node) {
    for (JsonNode n : c.http().get(c.leader().apiAddress().toString(), "/v1/nodes").json().path("nodes")) {
      if (n.path("id").asText().equals(node)) return n.path("connected").asBoolean() && n.path("state").asText().equals("READY");
    }
    return false;
  }

  @Test
  void aSigkilledWorkerReadoptsWithinItsTtlAndAfterItRemovesItsMovedCopies() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir.resolve("cluster"), 3, b -> b.heartbeatInterval(Duration.ofSeconds(1)).nodeTtl(TTL))) {
      Files.createDirectories(dir.resolve("logs"));
      ChildProcess worker = new ChildProcess(crashy, List.of("worker", "--id", crashy, "--data-dir", dir.resolve(crashy).toString(),
          "--managers", c.gateways(), "--driver", "docker", "--cpus", "2", "--memory-mb", "1024", "--disk-mb", "1000",
          "--advertise-host", "127.0.0.1", "--insecure"), dir.resolve("logs").resolve(crashy + ".log"));
      try {
        worker.start();
        await("the worker process registered").atMost(WAIT).until(() -> connected(c, crashy));
        String jobId = c.submit(JOB.getBytes(StandardCharsets.UTF_8), null).json().path("id").asText();
        await("every task RUNNING on " + crashy).atMost(WAIT).until(() -> currentRunningOn(c, jobId, crashy));
        c.startWorker(steady, "docker", Resources.of(2, 1024, 1000));
        await().atMost(WAIT).until(() -> connected(c, steady));
        Map<String, String> before = identities(c, jobId);
        Set<String> containers = runningIn(crashy);
        assertThat(containers).hasSize(3);

        // SIGKILL, and back well within the TTL: the same containers, adopted.
        worker.kill();
        worker.start();
        await("the restarted process registered").atMost(WAIT).until(() -> connected(c, crashy));
        long settle = System.nanoTime() + TTL.multipliedBy(2).toNanos();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> System.nanoTime() > settle);
        assertThat(identities(c, jobId)).as("nothing restarted or moved").isEqualTo(before);
        assertThat(runningIn(crashy)).as("the engine runs the very same containers").isEqualTo(containers);

        // SIGKILL, and gone past the TTL: declared down, its tasks run on the other worker.
        worker.kill();
        long died = System.nanoTime();
        await("tasks RUNNING on " + steady).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> currentRunningOn(c, jobId, steady));
        long ms = (System.nanoTime() - died) / 1_000_000;
        System.out.printf("worker SIGKILL: its 3 tasks RUNNING on another worker %d ms after the kill (TTL %d ms, heartbeat 1000 ms, "
            + "reschedule delay 1000 ms)%n", ms, TTL.toMillis());
        assertThat(ms).as("declared down only after its TTL").isGreaterThanOrEqualTo(TTL.toMillis());
        Set<String> moved = new TreeSet<>();
        for (JsonNode t : current(c, jobId)) moved.add(t.path("containerId").asText());
        assertThat(runningIn(steady)).isEqualTo(moved);
        assertThat(runningIn(crashy)).as("the killed agent's containers still run: it cannot know yet").isEqualTo(containers);

        // Back after the TTL: the desired set no longer has its copies, so it removes them.
        worker.start();
        await("stale containers removed from " + crashy).atMost(WAIT).until(() -> allIn(crashy).isEmpty());
        assertThat(connected(c, crashy)).isTrue();
        Set<String> now = new TreeSet<>();
        for (JsonNode t : current(c, jobId)) now.add(t.path("containerId").asText());
        assertThat(now).as("the moved copies are the ones that run").isEqualTo(moved);
        assertThat(runningIn(steady)).isEqualTo(moved);
      } finally {
        worker.stop(5_000);
      }
    }
  }
}
