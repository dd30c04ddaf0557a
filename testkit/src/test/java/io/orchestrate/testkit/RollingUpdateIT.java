package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.testing.docker.RequiresDocker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-copy job with an HTTP health check on a Docker worker: a new command rolls out one copy at a
 * time with at least two healthy copies in every 100 ms sample, ending with three new copies and no
 * old one; then an image that does not exist fails its deployment, which reverts to the last good one.
 */
class RollingUpdateIT {
  @TempDir Path dir;

  private static JsonNode deploymentOf(MiniCluster c, int version) {
    for (JsonNode d : c.http().get(c.api(c.leader().id()), "/v1/deployments?job=web").json().path("deployments")) {
      if (d.path("toVersion").asInt() == version) return d;
    }
    return null;
  }

  private static List<JsonNode> live(MiniCluster c) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode t : c.http().get(c.api(c.leader().id()), "/v1/jobs/web").json().path("tasks")) {
      String s = t.path("state").asText();
      if (s.equals("PENDING") || s.equals("SCHEDULED") || s.equals("RUNNING")) out.add(t);
    }
    return out;
  }

  @Test
  @RequiresDocker(images = "local/busybox:1")
  void aNewCommandRollsOneAtATimeAndAMissingImageIsReverted() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      c.startWorker("w1", "docker", Resources.of(4, 2048, 1000));
      assertThat(c.submit(RollingJobs.web("local/busybox:1", "one", "stop-first"), null).status()).isEqualTo(201);
      await("version 1 deployed").atMost(Duration.ofSeconds(90)).ignoreExceptions()
          .until(() -> deploymentOf(c, 1).path("status").asText().equals("successful"));

      assertThat(c.submit(RollingJobs.web("local/busybox:1", "two", "stop-first"), null).json().path("version").asInt()).isEqualTo(2);
      List<Long> healthy = new ArrayList<>();
      await("version 2 deployed, sampling every 100 ms").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
        List<JsonNode> now = live(c);
        healthy.add(now.stream().filter(t -> t.path("health").asText().equals("healthy")).count());
        JsonNode d = deploymentOf(c, 2);
        assertThat(d.path("status").asText()).isNotIn("failed", "reverted");
        return d.path("status").asText().equals("successful");
      });
      assertThat(healthy).as("healthy copies in each sample").isNotEmpty().allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(2));
      List<JsonNode> after = live(c);
      assertThat(after).hasSize(3).allSatisfy(t -> assertThat(t.path("jobVersion").asInt()).isEqualTo(2));

      c.submit(RollingJobs.web("local/nope:1", "three", "stop-first"), null);
      await("version 3 fails and is reverted").atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> deploymentOf(c, 3).path("status").asText().equals("reverted"));
      assertThat(deploymentOf(c, 3).path("reason").asText()).contains(deploymentOf(c, 3).path("failedTask").asText());
      await("the revert deployed").atMost(Duration.ofSeconds(90)).ignoreExceptions()
          .until(() -> deploymentOf(c, 4).path("status").asText().equals("successful"));
      assertThat(live(c)).hasSize(3).allSatisfy(t -> assertThat(t.path("health").asText()).isEqualTo("healthy"));
    }
  }
}
