package io.orchestrate.manager.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.HealthView;
import io.orchestrate.manager.raft.ApplyFailure;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What {@code /v1/health} says, and whether it is served with 200 or 503. */
class ManagerHealthTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final ManagerHealth health = new ManagerHealth(nanos::get);

  private void after(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aFollowerThatKnowsTheLeaderServes() {
    HealthView h = health.view("m2", "FOLLOWER", "m1", 3, 42, 3, null);

    assertThat(h.status()).isEqualTo("ok");
    assertThat(h.serving()).isTrue();
    assertThat(h.problem()).isNull();
  }

  @Test
  void noLeaderShortlyAfterStartIsStarting_andPastTheWindowNoLeader() {
    after(Duration.ofSeconds(5));
    HealthView early = health.view("m1", "CANDIDATE", null, 1, 0, 3, null);
    assertThat(early.status()).isEqualTo("starting");
    assertThat(early.serving()).isFalse();
    assertThat(early.problem()).contains("no leader elected yet, 5 s after start").contains("2 of the 3 managers");

    after(ManagerHealth.STARTUP_WINDOW);
    HealthView late = health.view("m1", "CANDIDATE", null, 7, 0, 3, null);
    assertThat(late.status()).isEqualTo("no-leader");
    assertThat(late.serving()).isFalse();
    assertThat(late.problem()).isEqualTo("no leader known (this manager is CANDIDATE in term 7); a leader needs 2 of the 3 managers running and reachable");
  }

  @Test
  void losingAKnownLeaderIsNoLeaderAtOnce() {
    health.leaderSeen();
    HealthView h = health.view("m1", "FOLLOWER", null, 4, 10, 5, null);

    assertThat(h.status()).isEqualTo("no-leader");
    assertThat(h.problem()).contains("3 of the 5 managers");
  }

  @Test
  void aFailedApplyWinsOverAKnownLeader() {
    ApplyFailure f = new ApplyFailure(2, 17, 9, "ab", "IllegalStateException: unreadable");
    HealthView h = health.view("m1", "FOLLOWER", "m2", 2, 16, 3, f);

    assertThat(h.status()).isEqualTo("failed");
    assertThat(h.serving()).isFalse();
    assertThat(h.problem()).contains("cannot apply committed log entry 17");
  }

  @Test
  void aRaftServerNotRunningIsStartingWithTheReason() {
    HealthView h = health.notRunning("m1", "the Raft server is not running: the Raft server is starting");

    assertThat(h.status()).isEqualTo("starting");
    assertThat(h.serving()).isFalse();
    assertThat(h.problem()).contains("the Raft server is starting");
  }
}
