package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.manager.Manager;
import io.orchestrate.manager.config.Retention;
import io.orchestrate.manager.state.StateImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection is a replicated decision: what one collection removes is gone on every
 * replica, stays gone through a restart (state rebuilt from RocksDB), a replay of the log and a
 * shipped snapshot, and leaves every replica at one digest.
 */
class GarbageCollectionIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static String submit(MiniCluster c, String name, String key) {
    HttpApi.Reply r = c.submit(Jobs.yaml(name), key);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static void stop(MiniCluster c, String jobId) {
    HttpApi.Reply r = c.http().delete(c.leader().apiAddress().toString(), "/v1/jobs/" + jobId);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  private static HttpApi.Reply gc(MiniCluster c, String api, String query) {
    return c.http().post(api, "/v1/gc" + query, new byte[0], Map.of());
  }

  /** The job, its tasks and its idempotency key are gone from this manager's state. */
  private static void assertCollected(MiniCluster c, String managerId, String jobId, String key) {
    StateImage img = c.manager(managerId).stateMachine().image();
    assertThat(img.jobs()).as("jobs on " + managerId).doesNotContainKey(jobId);
    assertThat(img.jobTasks()).as("job index on " + managerId).doesNotContainKey(jobId);
    assertThat(img.tasks().values()).as("tasks on " + managerId).noneMatch(t -> t.jobId().equals(jobId));
    assertThat(img.idempotency()).as("idempotency keys on " + managerId).doesNotContainKey(key);
    HttpApi.Reply read = c.http().get(c.api(managerId), "/v1/jobs/" + jobId + "?stale=true");
    assertThat(read.status()).as("GET the job on " + managerId + ": " + read.text()).isEqualTo(404);
  }

  @Test
  void aStoppedJobIsCollectedOnEveryReplicaAndStaysGoneAfterRestartsAndReplay() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      String stopped = submit(c, "stopped", "key-stopped");
      String running = submit(c, "running", "key-running");
      stop(c, stopped);
      // This follower misses the collection and must replay it from the log when it comes back.
      String late = c.follower().id();
      c.kill(late);

      Manager leader = c.leader();
      String follower = c.follower().apiAddress().toString();
      HttpApi.Reply malformed = gc(c, leader.apiAddress().toString(), "?jobsOlderThan=soon");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.json().path("error").asText()).contains("jobsOlderThan").contains("soon");
      assertThat(c.http().get(leader.apiAddress().toString(), "/v1/gc").status()).isEqualTo(405);

      HttpApi.Reply defaults = gc(c, leader.apiAddress().toString(), "");
      assertThat(defaults.status()).as(defaults.text()).isEqualTo(200);
      assertThat(defaults.json().path("jobs").asInt()).as("the 24 h default retention keeps a job stopped just now").isZero();

      // A collection is a write: sent to a follower, it is forwarded to the leader, whose answer comes back.
      HttpApi.Reply r = gc(c, follower, "?jobsOlderThan=0s");
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      JsonNode v = r.json();
      assertThat(v.path("jobs").asInt()).isEqualTo(1);
      assertThat(v.path("tasks").asInt()).isEqualTo(3);
      assertThat(v.path("idempotencyKeys").asInt()).isEqualTo(1);
      assertThat(v.path("jobIds").get(0).asText()).isEqualTo(stopped);
      assertThat(v.path("jobIds")).hasSize(1);
      assertThat(v.path("nodes").asInt()).isZero();
      assertThat(v.path("remaining").asInt()).isZero();

      long before = c.digest(leader.id()).path("appliedIndex").asLong();
      HttpApi.Reply again = gc(c, leader.apiAddress().toString(), "?jobsOlderThan=0s");
      assertThat(again.json().path("jobs").asInt()).isZero();
      assertThat(c.digest(leader.id()).path("appliedIndex").asLong()).as("nothing to collect proposes nothing").isEqualTo(before);

      c.awaitSameDigest();
      for (String id : c.runningIds()) {
        assertCollected(c, id, stopped, "key-stopped");
        assertThat(c.manager(id).stateMachine().image().jobs()).as("a running job stays on " + id).containsKey(running);
        assertThat(c.manager(id).stateMachine().image().idempotency()).containsEntry("key-running", running);
      }

      // Replay from the log: the follower that missed the collection applies it on its return.
      c.restart(late);
      c.awaitSameDigest();
      assertCollected(c, late, stopped, "key-stopped");

      // Restart from RocksDB: a manager that applied the collection rebuilds its image from the store.
      String applied = c.follower().id();
      c.kill(applied);
      c.restart(applied);
      c.awaitSameDigest();
      assertCollected(c, applied, stopped, "key-stopped");

      // The key expired with its job: a retry with it is a new submission.
      String resubmitted = submit(c, "stopped", "key-stopped");
      assertThat(resubmitted).isNotEqualTo(stopped);
      assertThat(submit(c, "running", "key-running")).as("a live job's key still deduplicates").isEqualTo(running);
      c.awaitSameDigest();
    }
  }

  @Test
  void aWipedManagerGetsTheCollectedStateFromAShippedSnapshot() throws Exception {
    // Snapshot every 40 entries, tiny log segments and no purge gap, so the log is purged quickly.
    try (MiniCluster c = MiniCluster.start(dir, 3, b -> b.snapshotThreshold(40).logSegmentSizeBytes(16 * 1024).purgeGap(1))) {
      String stopped = submit(c, "stopped", "key-stopped");
      stop(c, stopped);
      String wiped = c.follower().id();
      c.kill(wiped);
      c.wipe(wiped);
      HttpApi.Reply r = gc(c, c.leader().apiAddress().toString(), "?jobsOlderThan=0");
      assertThat(r.json().path("jobs").asInt()).as(r.text()).isEqualTo(1);
      for (int i = 0; i < 150; i++) submit(c, "after-" + i, null);
      long purgedUpTo = c.leader().raft().division().getRaftLog().getStartIndex();
      assertThat(purgedUpTo).as("the collection's entry is no longer in the leader's log").isGreaterThan(40);

      c.restart(wiped);
      c.awaitSameDigest();
      assertThat(c.manager(wiped).stateMachine().snapshotStorage().getLatestSnapshot()).as("state came from a snapshot").isNotNull();
      assertCollected(c, wiped, stopped, "key-stopped");
      assertThat(c.manager(wiped).stateMachine().image().jobs()).hasSize(150);
    }
  }

  @Test
  void theLeaderCollectsEndedJobsAndDownNodesByItselfOnceTheirRetentionHasPassed() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3, b -> b.heartbeatInterval(Duration.ofMillis(200)).nodeTtl(Duration.ofSeconds(2))
            .jobRetention(Retention.of(Duration.ofSeconds(1))).nodeRetention(Retention.of(Duration.ofSeconds(1)))
            .gcInterval(Duration.ofMillis(200)));
        FakeWorker w = new FakeWorker("w-gone", Resources.of(4, 4096, 10_000))) {
      String running = submit(c, "running", "key-running");
      String stopped = submit(c, "stopped", "key-stopped");
      stop(c, stopped);
      // Registers and then never heartbeats: DOWN after the TTL, then collected after its retention.
      w.connect(c.leader().gatewayAddress().toString()).register(List.of());
      await("the silent node registered").atMost(WAIT).until(() -> c.leader().stateMachine().image().nodes().containsKey("w-gone"));

      await("the stopped job and the DOWN node collected").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
        StateImage img = c.leader().stateMachine().image();
        return !img.jobs().containsKey(stopped) && !img.nodes().containsKey("w-gone");
      });
      c.awaitSameDigest();
      for (String id : c.runningIds()) {
        assertCollected(c, id, stopped, "key-stopped");
        StateImage img = c.manager(id).stateMachine().image();
        assertThat(img.nodes()).as("nodes on " + id).doesNotContainKey("w-gone");
        assertThat(img.jobs()).as("a running job is never collected, on " + id).containsKey(running);
      }
    }
  }
}
