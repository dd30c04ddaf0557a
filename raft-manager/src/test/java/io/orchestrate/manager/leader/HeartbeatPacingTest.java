package io.orchestrate.manager.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The leader asks at most so many heartbeats a second of its fleet, and keeps the TTL's ratio to the interval. */
class HeartbeatPacingTest {
  final HeartbeatPacing pacing = new HeartbeatPacing(Duration.ofSeconds(1), Duration.ofSeconds(6), 1000);

  @Test
  void aSmallFleetKeepsTheConfiguredPace() {
    assertThat(pacing.forNodes(1)).isEqualTo(new HeartbeatPacing.Pace(1000, 6000));
    assertThat(pacing.forNodes(1000)).isEqualTo(new HeartbeatPacing.Pace(1000, 6000));
  }

  @Test
  void aLargeFleetHeartbeatsLessOftenSoTheLeaderReceivesAtMostTheLimit() {
    for (int nodes : new int[] {1001, 2500, 10_000, 20_000}) {
      HeartbeatPacing.Pace p = pacing.forNodes(nodes);
      assertThat(nodes * 1000.0 / p.intervalMs()).as("heartbeats a second from %d nodes", nodes).isLessThanOrEqualTo(1000);
      assertThat(p.ttlMs()).as("the same number of missed beats before DOWN").isEqualTo(p.intervalMs() * 6);
    }
    assertThat(pacing.forNodes(10_000)).isEqualTo(new HeartbeatPacing.Pace(10_000, 60_000));
  }

  @Test
  void aWorkerToldAShortTtlWhenTheFleetWasSmallGetsTheTtlOfTheFleetAsItIsNow() {
    // Registered among the first 1,000: told 6 s. The fleet is 10,000 now: the leader waits 60 s.
    assertThat(pacing.ttlMs(6_000, 10_000)).isEqualTo(60_000);
    assertThat(pacing.ttlMs(6_000, 2_500)).isEqualTo(15_000);
    // Never shorter than what the worker was told, should the fleet have shrunk since.
    assertThat(pacing.ttlMs(60_000, 100)).isEqualTo(60_000);
    assertThat(pacing.ttlMs(6_000, 1)).isEqualTo(6_000);
  }

  @Test
  void theLimitMustBePositive() {
    assertThatThrownBy(() -> new HeartbeatPacing(Duration.ofSeconds(1), Duration.ofSeconds(6), 0))
        .hasMessageContaining("--max-heartbeats-per-second must be at least 1");
  }
}
