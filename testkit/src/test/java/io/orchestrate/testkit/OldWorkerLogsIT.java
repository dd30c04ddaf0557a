package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker of the release before logs (Register without {@code logs}) is never sent a log request
 * it cannot read: the leader answers the client 409 saying so. A follower sends the client to the leader.
 */
class OldWorkerLogsIT {
  @TempDir Path dir;

  @Test
  void aTaskOnAWorkerWithoutLogsIsRefusedClearlyAndAFollowerRedirects() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3, b -> b.heartbeatInterval(Duration.ofMillis(200)).nodeTtl(Duration.ofSeconds(4)));
        FakeWorker w = new FakeWorker("old1", Resources.of(4, 4096, 10_000))) {
      w.connect(c.leader().gatewayAddress().toString()).register(List.of());
      await().atMost(MiniCluster.WAIT).until(() -> w.lastDesired() != null);
      ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
      beats.scheduleAtFixedRate(w::heartbeat, 0, 200, TimeUnit.MILLISECONDS);
      try {
        String job = c.submit(Jobs.yaml("web"), null).json().path("id").asText();
        await("tasks placed on old1").atMost(MiniCluster.WAIT)
            .until(() -> Tasks.of(c, job).stream().allMatch(t -> "old1".equals(t.path("node").asText())));
        JsonNode t = Tasks.of(c, job).get(0);
        HttpApi.Reply r = c.http().get(c.leader().apiAddress().toString(), "/v1/tasks/" + t.path("id").asText() + "/logs?follow=true");
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(r.text()).contains("worker old1 does not support logs");

        HttpApi.Reply viaFollower = c.http().get(c.follower().apiAddress().toString(), "/v1/tasks/" + t.path("id").asText() + "/logs");
        assertThat(viaFollower.status()).isEqualTo(307);
        assertThat(viaFollower.header("Location")).contains(c.leader().apiAddress().toString()).endsWith("/logs");
      } finally {
        beats.shutdownNow();
      }
    }
  }
}
