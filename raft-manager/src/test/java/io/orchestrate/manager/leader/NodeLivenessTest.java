package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Node heartbeat deadlines on a fake clock. */
class NodeLivenessTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final NodeLiveness liveness = new NodeLiveness(Duration.ofSeconds(6), now::get);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void aNodeIsReportedOnceWhenItsTtlPassesWithoutAHeartbeat() {
    liveness.heartbeat("w1");
    liveness.heartbeat("w2");
    advance(Duration.ofSeconds(5));
    liveness.heartbeat("w2");
    assertThat(liveness.expired()).isEmpty();

    advance(Duration.ofMillis(1_001));
    assertThat(liveness.expired()).containsExactly("w1");
    assertThat(liveness.expired()).as("reported once").isEmpty();
    advance(Duration.ofSeconds(5));
    assertThat(liveness.expired()).containsExactly("w2");
  }

  @Test
  void aNewLeaderGivesEveryKnownNodeAFullTtlPlusTheFailoverGraceWhateverItHeardBefore() {
    liveness.heartbeat("w1");
    advance(Duration.ofSeconds(5)); // w1 was nearly due under the previous term
    liveness.graceAll(List.of("w1", "w2"), Duration.ofSeconds(2));

    advance(Duration.ofSeconds(7));
    assertThat(liveness.expired()).as("within TTL + grace").isEmpty();
    advance(Duration.ofMillis(1_001));
    assertThat(liveness.expired()).containsExactlyInAnyOrder("w1", "w2");
  }

  @Test
  void aHeartbeatAfterTheGraceStartsTheUsualTtl() {
    liveness.graceAll(List.of("w1"), Duration.ofSeconds(2));
    advance(Duration.ofSeconds(1));
    liveness.heartbeat("w1");
    advance(Duration.ofMillis(6_001));
    assertThat(liveness.expired()).containsExactly("w1");
  }
}
