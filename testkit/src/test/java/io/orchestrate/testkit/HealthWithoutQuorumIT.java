package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.manager.Manager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/health} is honest about quorum: every member that knows a leader answers 200 (a
 * follower included), and a manager left without a quorum answers 503 with why, at once, not after
 * the start-up window. The cluster view still shows such a member with its role.
 */
class HealthWithoutQuorumIT {
  @TempDir Path dir;

  @Test
  void aManagerWhosePeersAreGoneAnswers503NamingTheMissingQuorum() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      Manager leader = c.leader();
      for (String id : c.ids()) {
        await().atMost(MiniCluster.WAIT).untilAsserted(() -> {
          HttpApi.Reply h = c.http().get(c.api(id), "/v1/health");
          assertThat(h.status()).as(id + ": " + h.text()).isEqualTo(200);
          assertThat(h.json().path("status").asText()).isEqualTo("ok");
          assertThat(h.json().path("leader").asText()).isEqualTo(leader.id());
          assertThat(h.json().has("problem")).isFalse();
        });
      }

      String survivor = c.follower().id();
      for (String id : c.ids()) if (!id.equals(survivor)) c.kill(id);

      await().atMost(MiniCluster.WAIT).untilAsserted(() -> {
        HttpApi.Reply h = c.http().get(c.api(survivor), "/v1/health");
        assertThat(h.status()).as(h.text()).isEqualTo(503);
        JsonNode body = h.json();
        assertThat(body.path("status").asText()).isEqualTo("no-leader");
        assertThat(body.path("id").asText()).isEqualTo(survivor);
        assertThat(body.path("problem").asText()).startsWith("no leader known")
            .endsWith("a leader needs 2 of the 3 managers running and reachable");
      });
    }
  }
}
