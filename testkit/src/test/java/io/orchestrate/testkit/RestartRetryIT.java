package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart whose answer was lost and that the client sends again, with its Idempotency-Key, to
 * another manager is answered with the deployment the first attempt started; another restart while
 * that one runs is still refused.
 */
class RestartRetryIT {
  @TempDir Path dir;

  private static HttpApi.Reply restart(MiniCluster c, String managerId, String key) {
    return c.http().postFollowing(c.api(managerId), "/v1/jobs/web/restart", "{}".getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json", "Idempotency-Key", key), 3);
  }

  @Test
  void aRetriedRestartAnswersTheDeploymentItStartedAndStartsNoOther() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      // No update block, so no deployment runs until the restart starts one; no worker, so it keeps running.
      byte[] job = new String(RollingUpdateProcessIT.web("sleep 3600"), StandardCharsets.UTF_8)
          .replaceAll("(?m)^ *update:.*\\n", "").getBytes(StandardCharsets.UTF_8);
      HttpApi.Reply submitted = c.submit(job, null);
      assertThat(submitted.status()).as(submitted.text()).isEqualTo(201);

      String leader = c.leader().id();
      HttpApi.Reply first = restart(c, leader, "restart-1");
      assertThat(first.status()).as(first.text()).isEqualTo(200);
      String started = first.json().path("id").asText();
      assertThat(started).isNotEmpty();

      String follower = c.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
      HttpApi.Reply retry = restart(c, follower, "restart-1");
      assertThat(retry.status()).as(retry.text()).isEqualTo(200);
      assertThat(retry.json().path("id").asText()).isEqualTo(started);

      HttpApi.Reply other = restart(c, leader, "restart-2");
      assertThat(other.status()).as(other.text()).isEqualTo(409);
      assertThat(other.json().path("error").asText()).contains("deployment running", started);

      HttpApi.Reply deployments = c.http().get(c.api(leader), "/v1/deployments?job=web");
      assertThat(deployments.json().path("deployments")).hasSize(1);
      c.awaitSameDigest();
    }
  }
}
