package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.manager.Manager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leader loss, restarts and recovery: nothing acknowledged is lost and every replica converges. */
class FailoverIT {
  @TempDir Path dir;

  private static String submitOk(MiniCluster c, String name, String key) {
    HttpApi.Reply r = c.submit(Jobs.yaml(name), key);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static Set<String> jobIds(MiniCluster c, String managerId) {
    Set<String> ids = new HashSet<>();
    c.http().get(c.api(managerId), "/v1/jobs").json().path("jobs").forEach(j -> ids.add(j.path("id").asText()));
    return ids;
  }

  @Test
  void killedLeaderIsReplacedAndNoAcknowledgedJobIsLost() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      List<String> acked = new ArrayList<>();
      for (int i = 0; i < 30; i++) acked.add(submitOk(c, "before-" + i, null));
      String old = c.leader().id();

      long killedAt = System.nanoTime();
      c.kill(old);
      AtomicReference<String> first = new AtomicReference<>();
      await("a write accepted by the new leader").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
          .ignoreExceptions()
          .until(() -> {
            HttpApi.Reply r = c.submit(Jobs.yaml("after-kill"), "after-kill");
            if (r.status() == 201) first.set(r.json().path("id").asText());
            return r.status() == 201;
          });
      long millis = (System.nanoTime() - killedAt) / 1_000_000;
      System.out.printf("failover: leader %s killed; first successful write after %d ms%n", old, millis);
      acked.add(first.get());

      Manager now = c.leader();
      assertThat(now.id()).isNotEqualTo(old);
      for (int i = 0; i < 10; i++) acked.add(submitOk(c, "after-" + i, null));
      for (String id : c.runningIds()) assertThat(jobIds(c, id)).containsAll(acked).hasSize(acked.size());

      // The killed manager comes back from its data directory and catches up.
      c.restart(old);
      c.awaitSameDigest(); // every running replica at one applied index with one digest
      assertThat(jobIds(c, old)).containsExactlyInAnyOrderElementsOf(acked);
    }
  }

  @Test
  void restartedFollowerCatchesUpToTheSameDigest() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      for (int i = 0; i < 20; i++) submitOk(c, "a-" + i, null);
      String f = c.follower().id();
      c.kill(f);
      for (int i = 0; i < 20; i++) submitOk(c, "b-" + i, null);
      c.restart(f);
      c.awaitSameDigest(); // every running replica at one applied index with one digest
      assertThat(jobIds(c, f)).hasSize(40);
    }
  }

  @Test
  void wipedFollowerRecoversThroughSnapshotInstallAfterTheLogWasPurged() throws Exception {
    // Snapshot every 40 entries, tiny log segments and no purge gap, so the log is purged quickly.
    try (MiniCluster c = MiniCluster.start(dir, 3, b -> b.snapshotThreshold(40).logSegmentSizeBytes(16 * 1024).purgeGap(1))) {
      for (int i = 0; i < 20; i++) submitOk(c, "a-" + i, null);
      String f = c.follower().id();
      c.kill(f);
      c.wipe(f);
      for (int i = 0; i < 150; i++) submitOk(c, "b-" + i, null);
      Manager leader = c.leader();
      long purgedUpTo = leader.raft().division().getRaftLog().getStartIndex();
      assertThat(purgedUpTo).as("the leader's log no longer starts at the beginning").isGreaterThan(40);

      c.restart(f);
      c.awaitSameDigest(); // every running replica at one applied index with one digest
      assertThat(jobIds(c, f)).hasSize(170);
      // The wiped follower's state came from a shipped checkpoint, not from replaying the log.
      assertThat(c.manager(f).stateMachine().snapshotStorage().getLatestSnapshot()).isNotNull();
      assertThat(c.manager(f).stateMachine().snapshotStorage().getLatestSnapshot().getIndex()).isGreaterThanOrEqualTo(purgedUpTo - 1);
    }
  }

  @Test
  void retryWithTheSameIdempotencyKeyAfterTheLeaderDiedReturnsTheSameJob() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      String id = submitOk(c, "once", "key-123");
      String old = c.leader().id();
      c.kill(old);
      AtomicReference<JsonNode> retry = new AtomicReference<>();
      await("the retry answered").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> {
            HttpApi.Reply r = c.submit(Jobs.yaml("once"), "key-123");
            if (r.status() == 201) retry.set(r.json());
            return r.status() == 201;
          });
      assertThat(retry.get().path("id").asText()).isEqualTo(id);
      assertThat(c.leader().id()).isNotEqualTo(old);
      long named = 0;
      for (JsonNode j : c.http().get(c.leader().apiAddress().toString(), "/v1/jobs").json().path("jobs")) {
        if (j.path("name").asText().equals("once")) named++;
      }
      assertThat(named).isEqualTo(1);
      c.restart(old);
    }
  }
}
