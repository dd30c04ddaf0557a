package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.manager.ManagerHooks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster whose managers support up to feature level 3 refuses update blocks, restarts and the deployment entries with the upgrade step. */
class RollingUpdateLevelIT {
  @TempDir Path dir;

  @Test
  void aLevelThreeClusterRefusesRollingUpdatesWithTheUpgradeStep() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3, UnaryOperator.identity(), ManagerHooks.supportingUpTo(3))) {
      // The same job without its update block is a job of level 3.
      byte[] withoutUpdate = new String(RollingUpdateProcessIT.web("sleep 3600"), StandardCharsets.UTF_8)
          .replaceAll("(?m)^ *update:.*\\n", "").getBytes(StandardCharsets.UTF_8);
      HttpApi.Reply plain = c.submit(withoutUpdate, null);
      assertThat(plain.status()).as(plain.text()).isEqualTo(201);

      HttpApi.Reply rolled = c.submit(RollingUpdateProcessIT.web("sleep 3601"), null);
      assertThat(rolled.status()).as(rolled.text()).isBetween(400, 409);
      assertThat(rolled.json().path("error").asText()).contains("job field update needs cluster feature level 4; the cluster is at 3",
          "orchestrate cluster features upgrade");

      HttpApi.Reply restart = c.http().postFollowing(c.api(c.leader().id()), "/v1/jobs/web/restart", "{}".getBytes(StandardCharsets.UTF_8),
          Map.of("Content-Type", "application/json"), 3);
      assertThat(restart.status()).as(restart.text()).isEqualTo(409);
      assertThat(restart.json().path("error").asText()).startsWith("job restart needs cluster feature level 4; the cluster is at 3");

      try (RawRaftClient raw = new RawRaftClient(c)) {
        LogEntryGateIT.assertRefused(raw, io.orchestrate.core.codec.CommandCodec.encode(
            new io.orchestrate.core.command.RestartJob(plain.json().path("id").asText(), null, 1)),
            "log entry job.restart (rolling updates) needs cluster feature level 4; the cluster is at 3: run `orchestrate cluster features upgrade`");
      }
      HttpApi.Reply deployments = c.http().get(c.api(c.leader().id()), "/v1/deployments");
      assertThat(deployments.status()).isEqualTo(200);
      assertThat(deployments.json().path("deployments")).isEmpty();
      c.awaitSameDigest();
    }
  }
}
