package io.orchestrate.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.manager.Manager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterIT {
  @TempDir Path tmp;

  @Test
  void startsWithALeaderThatHasEveryManagerRegisteredAndElectsAnotherWhenItIsKilled() {
    try (LocalCluster c = LocalCluster.builder(tmp.resolve("c")).managers(3)
        .tune(b -> b.electionTimeout(Duration.ofMillis(600), Duration.ofMillis(1200))).start()) {
      Manager leader = c.currentLeader();
      assertThat(leader).as("a leader as soon as start returns").isNotNull();
      assertThat(leader.stateMachine().image().managers()).containsOnlyKeys("m1", "m2", "m3");
      assertThat(c.runningIds()).containsExactlyInAnyOrder("m1", "m2", "m3");

      String old = leader.id();
      c.kill(old);
      Manager next = c.leader();
      assertThat(next.id()).isNotEqualTo(old);

      c.restart(old);
      assertThat(c.manager(old).config().api()).hasToString(c.api(old));
      assertThatThrownBy(() -> c.restart(old)).hasMessageContaining("already running");
      assertThatThrownBy(() -> c.wipe(old)).hasMessageContaining("kill " + old);
    }
  }

  @Test
  void aManagerCutOffIsNeverTakenForTheLeaderSoTheStartTimesOutAndCleansUp() {
    Path root = tmp.resolve("cut");
    assertThatThrownBy(() -> LocalCluster.builder(root).managers(1).cutOff(id -> id.equals("m1")).wait(Duration.ofSeconds(3))
        .deleteOnClose(true).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("a leader with every manager's addresses");
    assertThat(root).doesNotExist();
  }

  @Test
  void closeStopsEveryManagerAndDeletesTheRootWhenAskedTo() throws Exception {
    Path root = tmp.resolve("scratch");
    LocalCluster c = LocalCluster.builder(root).managers(1).deleteOnClose(true).start();
    Manager m = c.manager("m1");
    assertThat(Files.exists(root.resolve("m1"))).isTrue();

    c.close();
    c.close(); // idempotent, as a shutdown hook may run it again

    assertThat(root).doesNotExist();
    assertThat(c.runningIds()).isEmpty();
    // Every port is free again: the manager's servers are gone, not just forgotten.
    for (var p : java.util.List.of(m.config().api(), m.config().gateway(), m.config().raftAddress())) {
      try (java.net.ServerSocket s = new java.net.ServerSocket()) {
        s.bind(p.socketAddress());
      }
    }
  }
}
