package io.orchestrate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.HealthView;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A manager's 503 to {@code /v1/health} is its answer (with the reason), not a reason to try another. */
class HealthReplyTest {
  private final ManualTime time = new ManualTime();
  private FakeManager manager;

  @AfterEach
  void stop() {
    if (manager != null) manager.close();
  }

  @Test
  void aManagerWithoutLeaderAnswersWithItsViewAndTheReason() {
    HealthView noLeader = new HealthView("no-leader", "m2", "CANDIDATE", null, 7, 40, "no leader known (this manager is CANDIDATE in term 7)");
    manager = FakeManager.start("m2").answer("GET", "/v1/health", 503, noLeader);

    Reply<HealthView> h = new ManagersClient(List.of(manager.address()), ClientSettings.defaults(), time).health();

    assertThat(h.value()).isEqualTo(noLeader);
    assertThat(h.value().serving()).isFalse();
    assertThat(manager.requests()).as("asked once, not retried as unavailable").hasSize(1);
  }

  @Test
  void a503WithAnErrorBodyIsStillUnavailable() {
    manager = FakeManager.start("m2").answer("GET", "/v1/health", 503, new ErrorBody("too many connections", "unavailable", null, null));

    ManagersClient client = new ManagersClient(List.of(manager.address()),
        ClientSettings.defaults().withTimeout(java.time.Duration.ofSeconds(1)), time);

    assertThatThrownBy(client::health).isInstanceOf(ClusterUnavailableException.class);
  }
}
