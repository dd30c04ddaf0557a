package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.spec.Resources;
import io.orchestrate.testing.docker.RequiresDocker;
import io.orchestrate.worker.reconcile.ReconcilerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jobs stopped one right after the other on one worker with the production stop grace (10 s).
 * Job A's copies ignore SIGTERM, as a shell or a server run as a container's PID 1 does, so each
 * takes the whole grace to stop; job B's copy exits at once. B's copy must be gone within a few
 * seconds of its stop, not after A's grace: a worker that waited for A's stops before reading the
 * next desired set still had B's container running 10-20 s after the stop, which is how the lost
 * stop showed itself. Three rounds, with both drivers.
 */
class BackToBackStopIT {
  private static final Duration WAIT = MiniCluster.WAIT;
  @TempDir Path dir;
  /**
   * A node name of this run: the engine's view is read by the node's label, which must not take in
   * the containers of another worker of the same name on the engine (a test before, or another run).
   */
  private final String node = "bb-" + java.util.UUID.randomUUID().toString().substring(0, 6);

  @org.junit.jupiter.api.AfterEach
  void removeContainers() {
    DockerCli.removeWithLabel("orchestrate.node=" + node);
  }

  private static String job(String name, int count, String script) {
    return """
        name: %s
        tasks:
          - name: sleeper
            image: local/busybox:1
            command: ["sh", "-c", "%s"]
            count: %d
            resources: {cpu: 0.1, memoryMb: 16}
        """.formatted(name, script, count);
  }

  /** Ignores SIGTERM (the shell traps it; its sleeps are short so a SIGKILL leaves nothing behind). */
  private static final String DEAF = "trap '' TERM; while true; do sleep 1; done";
  /** Exits on SIGTERM. */
  private static final String PROMPT = "trap 'exit 0' TERM; while true; do sleep 1; done";

  @Test
  void bothStopsReachAProcessWorker() {
    stopTwoJobsBackToBack("process", () -> Set.of());
  }

  @Test
  @RequiresDocker(images = "local/busybox:1")
  void bothStopsReachADockerWorker() {
    stopTwoJobsBackToBack("docker", () -> new HashSet<>(DockerCli.withLabel("orchestrate.node=" + node)));
  }

  /** @param containers the engine's own list of the worker's containers (empty where there is no engine to ask) */
  private void stopTwoJobsBackToBack(String driver, Supplier<Set<String>> containers) {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      c.startWorker(node, driver, Resources.of(4, 1024, 1000), b -> b.stopGrace(ReconcilerSettings.DEFAULT_STOP_GRACE));
      for (int round = 1; round <= 3; round++) {
        String a = Tasks.submit(c, job("a" + round, 3, DEAF));
        String b = Tasks.submit(c, job("b" + round, 1, PROMPT));
        await("all 4 tasks RUNNING").atMost(WAIT).until(() -> Tasks.allIn(c, a, "RUNNING") && Tasks.allIn(c, b, "RUNNING"));
        Set<String> ofA = Tasks.identities(c, a).keySet();
        Set<String> ofB = Tasks.identities(c, b).keySet();
        String bContainer = c.worker(node).tasks().get(List.copyOf(ofB).get(0)).handle();

        String leader = c.leader().apiAddress().toString();
        assertThat(c.http().delete(leader, "/v1/jobs/" + a).status()).isEqualTo(200);
        assertThat(c.http().delete(leader, "/v1/jobs/" + b).status()).isEqualTo(200);

        int r = round;
        await("round " + r + ": B's copy is gone").atMost(WAIT)
            .until(() -> c.worker(node).tasks().keySet().stream().noneMatch(ofB::contains));
        // Measured against A's grace rather than the wall clock: a stop of B that waited behind A's
        // stops would find A's copies gone by the time B's goes, however loaded the machine.
        assertThat(c.worker(node).tasks().keySet()).as("round " + r + ": A's copies still wait out their grace when B's is gone")
            .containsAll(ofA);
        assertThat(containers.get()).as("the engine no longer has B's container").doesNotContain(bContainer);
        await("round " + r + ": the worker holds none of the stopped tasks").atMost(WAIT)
            .until(() -> c.worker(node).tasks().keySet().stream().noneMatch(ofA::contains));
        assertThat(containers.get()).as("nothing of round " + r + " is left on the engine").isEmpty();
        assertThat(Tasks.allIn(c, a, "STOPPED") && Tasks.allIn(c, b, "STOPPED")).isTrue();
      }
    }
  }
}
