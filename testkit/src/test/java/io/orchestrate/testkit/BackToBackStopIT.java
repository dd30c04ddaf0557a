package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.spec.Resources;
import io.orchestrate.testing.docker.RequiresDocker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jobs stopped one right after the other on one worker: both stops must reach the worker, so
 * that it ends up running nothing. The two stops tend to share a log entry and to arrive while the
 * worker is still stopping the first job's copies.
 */
class BackToBackStopIT {
  private static final Duration WAIT = MiniCluster.WAIT;
  @TempDir Path dir;

  private static String job(String name, int count) {
    return """
        name: %s
        tasks:
          - name: sleeper
            image: local/busybox:1
            command: ["sh", "-c", "exec sleep 3600"]
            count: %d
            resources: {cpu: 0.1, memoryMb: 16}
        """.formatted(name, count);
  }

  @Test
  void bothStopsReachAProcessWorker() {
    stopTwoJobsBackToBack("process");
  }

  @Test
  @RequiresDocker(images = "local/busybox:1")
  void bothStopsReachADockerWorker() {
    stopTwoJobsBackToBack("docker");
  }

  private void stopTwoJobsBackToBack(String driver) {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      c.startWorker("w1", driver, Resources.of(4, 1024, 1000));
      for (int round = 1; round <= 3; round++) {
        String a = Tasks.submit(c, job("a" + round, 3));
        String b = Tasks.submit(c, job("b" + round, 1));
        await("all 4 tasks RUNNING").atMost(WAIT).until(() -> Tasks.allIn(c, a, "RUNNING") && Tasks.allIn(c, b, "RUNNING"));
        Set<String> ids = new HashSet<>(Tasks.identities(c, a).keySet());
        ids.addAll(Tasks.identities(c, b).keySet());
        assertThat(c.worker("w1").tasks().keySet()).containsAll(ids);

        String leader = c.leader().apiAddress().toString();
        assertThat(c.http().delete(leader, "/v1/jobs/" + a).status()).isEqualTo(200);
        assertThat(c.http().delete(leader, "/v1/jobs/" + b).status()).isEqualTo(200);

        await("round " + round + ": the worker holds none of the stopped tasks").atMost(WAIT)
            .until(() -> c.worker("w1").tasks().keySet().stream().noneMatch(ids::contains));
        assertThat(Tasks.allIn(c, a, "STOPPED") && Tasks.allIn(c, b, "STOPPED")).isTrue();
      }
    }
  }
}
