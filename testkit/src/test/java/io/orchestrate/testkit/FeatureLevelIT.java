package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.command.SetFeatureLevel;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.feature.FeatureLevel;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.Secrets;
import io.orchestrate.core.spec.TaskSpec;
import java.util.List;
import io.orchestrate.manager.Manager;
import io.orchestrate.manager.ManagerHooks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster feature level across a rolling upgrade: a cluster of an earlier release (managers
 * that support only level 1) stays at level 1 while its managers are replaced, refusing what an
 * old manager could not read, until every voter supports level 2 and an operator raises it; a new
 * cluster starts at the highest level; the level survives restarts and snapshot installs.
 */
class FeatureLevelIT {
  static final String SECRETS_REFUSAL = "job field secrets needs cluster feature level 2; the cluster is at 1:"
      + " run `orchestrate cluster features upgrade` once every manager runs this release";

  @TempDir Path dir;

  static byte[] secretJob(String name) {
    return ("""
        name: %s
        tasks:
          - name: db
            image: local/busybox:1
            command: ["sleep", "300"]
            resources: {cpu: 0.1, memoryMb: 32, diskMb: 10}
            secrets: {DB_PASSWORD: "s3cret"}
        """).formatted(name).getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode features(MiniCluster c, String id) {
    HttpApi.Reply r = c.http().get(c.api(id), "/v1/cluster/features");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  private static HttpApi.Reply upgrade(MiniCluster c) {
    return c.http().postFollowing(c.api(c.leader().id()), "/v1/cluster/features/upgrade", new byte[0], Map.of(), 3);
  }

  private static HttpApi.Reply bootstrap(MiniCluster c) {
    return c.http().postFollowing(c.api(c.leader().id()), "/v1/acl/bootstrap", new byte[0], Map.of(), 3);
  }

  /** Waits until every manager's record in the leader's state publishes {@code level}. */
  private static void awaitPublished(MiniCluster c, int level) {
    await("every manager publishing level " + level).atMost(MiniCluster.WAIT).ignoreExceptions().until(() -> {
      Map<String, ManagerInfo> records = c.leader().stateMachine().image().managers();
      return c.ids().stream().allMatch(id -> records.get(id) != null && records.get(id).featureLevel() == level);
    });
  }

  @Test
  void aNewClusterStartsAtTheHighestLevelWithoutAStep() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      JsonNode f = features(c, c.follower().id());
      assertThat(f.path("level").asInt()).isEqualTo(FeatureLevel.HIGHEST);
      assertThat(f.path("upgradableTo").asInt()).isEqualTo(FeatureLevel.HIGHEST);
      assertThat(f.path("managers")).hasSize(3).allSatisfy(m -> assertThat(m.path("supported").asInt()).isEqualTo(FeatureLevel.HIGHEST));
      awaitPublished(c, FeatureLevel.HIGHEST);

      HttpApi.Reply run = c.submit(secretJob("db"), null);
      assertThat(run.status()).as(run.text()).isEqualTo(201);
      assertThat(bootstrap(c).status()).isEqualTo(201);
      assertThat(upgrade(c).json().path("level").asInt()).as("nothing to raise").isEqualTo(FeatureLevel.HIGHEST);
    }
  }

  @Test
  void anUpgradedClusterStaysAtItsLevelUntilEveryManagerIsUpgradedAndTheOperatorRaisesIt() {
    try (MiniCluster c = MiniCluster.start(dir, 3, UnaryOperator.identity(), ManagerHooks.supportingUpTo(1))) {
      assertThat(features(c, "m1").path("level").asInt()).as("a cluster of the earlier release").isEqualTo(1);

      // The rolling upgrade: m1 and m2 now run this release, m3 still the earlier one.
      for (String id : new String[] {"m1", "m2"}) {
        c.kill(id);
        c.restart(id);
      }
      await("m1 and m2 report this release's level").atMost(MiniCluster.WAIT).ignoreExceptions().until(() -> {
        JsonNode m = features(c, "m3").path("managers");
        return m.get(0).path("supported").asInt() == FeatureLevel.HIGHEST && m.get(1).path("supported").asInt() == FeatureLevel.HIGHEST && m.get(2).path("supported").asInt() == 1;
      });
      // m1 has just restarted: its first linearizable reads may find the leader's connection not back yet (503).
      JsonNode during = await("m1 serves the features view").atMost(MiniCluster.WAIT).ignoreExceptions().until(() -> features(c, "m1"), f -> true);
      assertThat(during.path("level").asInt()).isEqualTo(1);
      assertThat(during.path("upgradableTo").asInt()).isEqualTo(1);

      HttpApi.Reply secrets = c.submit(secretJob("db"), null);
      assertThat(secrets.status()).isEqualTo(409);
      assertThat(secrets.json().path("error").asText()).isEqualTo(SECRETS_REFUSAL);
      HttpApi.Reply boot = bootstrap(c);
      assertThat(boot.status()).isEqualTo(409);
      assertThat(boot.json().path("error").asText()).isEqualTo("log entry acl.bootstrap (API tokens) needs cluster feature level 2;"
          + " the cluster is at 1: run `orchestrate cluster features upgrade` once every manager runs this release");
      assertThat(c.submit(Jobs.yaml("plain"), null).status()).as("what level 1 has still works").isEqualTo(201);

      HttpApi.Reply early = upgrade(c);
      assertThat(early.status()).isEqualTo(409);
      assertThat(early.json().path("error").asText()).contains("stays at feature level 1").contains("m3 supports 1")
          .doesNotContain("m1 supports").doesNotContain("m2 supports");
      assertThat(features(c, "m1").path("level").asInt()).isEqualTo(1);

      // The last manager upgraded: the operator raises the level.
      c.kill("m3");
      c.restart("m3");
      await("the raise").atMost(MiniCluster.WAIT).until(() -> upgrade(c).status() == 200);
      for (String id : c.ids()) {
        await(id + " at this release's level").atMost(MiniCluster.WAIT).ignoreExceptions()
            .until(() -> c.manager(id).stateMachine().image().featureLevel() == FeatureLevel.HIGHEST);
      }
      awaitPublished(c, FeatureLevel.HIGHEST);
      HttpApi.Reply run = c.submit(secretJob("db"), null);
      assertThat(run.status()).as(run.text()).isEqualTo(201);
      assertThat(bootstrap(c).status()).isEqualTo(201);
      c.awaitSameDigest();

      // The level is durable: every manager restarted reads it back.
      for (String id : c.ids()) c.kill(id);
      for (String id : c.ids()) c.restart(id);
      assertThat(features(c, c.leader().id()).path("level").asInt()).isEqualTo(FeatureLevel.HIGHEST);
      for (String id : c.ids()) assertThat(c.manager(id).stateMachine().image().featureLevel()).as(id).isEqualTo(FeatureLevel.HIGHEST);
    }
  }

  @Test
  void aRawRaftClientCannotWriteAboveTheLevelNorRaiseItPastAVoter() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3, UnaryOperator.identity(), ManagerHooks.supportingUpTo(1))) {
      SubmitJob withSecrets = new SubmitJob("j-00000000000000aa", null, new JobSpec("db", List.of(
          new TaskSpec("db", "local/busybox:1", List.of("sleep", "300"), Map.of(), 1, Resources.of(0.1, 32, 0), null)
              .withSecrets(Secrets.of(Map.of("DB_PASSWORD", "s3cret"))))), List.of("t-00000000000000aa"), 1_700_000_000_000L);
      try (RawRaftClient raw = new RawRaftClient(c)) {
        LogEntryGateIT.assertRefused(raw, CommandCodec.encode(withSecrets), SECRETS_REFUSAL);
        LogEntryGateIT.assertRefused(raw, CommandCodec.encode(new SetFeatureLevel(2, Map.of("m1", 2, "m2", 2), false, 1)),
            "must list every voting manager [m1, m2, m3]");
        // Listing every voter, the leader's report decides at apply: m3 is behind, so nothing changes.
        assertThat(raw.write(CommandCodec.encode(new SetFeatureLevel(2, Map.of("m1", 2, "m2", 2, "m3", 1), false, 1))).isSuccess()).isTrue();
      }
      assertThat(c.http().get(c.api(c.leader().id()), "/v1/jobs/j-00000000000000aa").status()).isEqualTo(404);
      c.awaitSameDigest();
      for (String id : c.ids()) assertThat(c.manager(id).stateMachine().image().featureLevel()).as(id).isEqualTo(1);
    }
  }

  @Test
  void aFollowerRebuiltFromAnInstalledSnapshotHasTheLevel() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3, b -> b.snapshotThreshold(40).logSegmentSizeBytes(16 * 1024).purgeGap(1))) {
      String f = c.follower().id();
      c.kill(f);
      c.wipe(f);
      for (int i = 0; i < 150; i++) {
        HttpApi.Reply r = c.submit(Jobs.yaml("b-" + i), null);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
      }
      Manager leader = c.leader();
      assertThat(leader.raft().division().getRaftLog().getStartIndex()).as("the level's entry is purged from the log").isGreaterThan(40);

      c.restart(f);
      c.awaitSameDigest();
      Manager rebuilt = c.manager(f);
      assertThat(rebuilt.stateMachine().snapshotStorage().getLatestSnapshot()).as("rebuilt from a shipped snapshot").isNotNull();
      assertThat(rebuilt.stateMachine().image().featureLevel()).isEqualTo(FeatureLevel.HIGHEST);
      HttpApi.Reply run = c.submit(secretJob("after"), null);
      assertThat(run.status()).as(run.text()).isEqualTo(201);
    }
  }
}
