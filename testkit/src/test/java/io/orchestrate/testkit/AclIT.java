package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.manager.Manager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three managers with --acl: who may do what, on every manager, and tokens that outlive restarts and snapshot installs. */
class AclIT {
  @TempDir Path dir;

  private static byte[] body(String role, String name) {
    return Json.bytes(Map.of("role", role, "name", name));
  }

  /** A new token from the leader, made with {@code operator}; returns its secret. */
  private static JsonNode create(MiniCluster c, String operator, String role, String name) {
    HttpApi.Reply r = c.http().postFollowing(c.api(c.leader().id()), "/v1/acl/tokens", body(role, name), withJson(operator), 3);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json();
  }

  private static Map<String, String> withJson(String token) {
    return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
  }

  private static HttpApi.Reply get(MiniCluster c, String id, String path, String token) {
    return c.http().send("GET", c.api(id), path, null, HttpApi.bearer(token));
  }

  @Test
  void rolesDecideWhoMayDoWhatOnEveryManager() {
    try (MiniCluster c = MiniCluster.startWithAcl(dir, 3, UnaryOperator.identity())) {
      String leader = c.leader().id();
      String follower = c.follower().id();

      HttpApi.Reply anonymous = get(c, leader, "/v1/jobs", null);
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.json().path("code").asText()).isEqualTo("unauthenticated");
      assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(get(c, follower, "/v1/health", null).status()).as("probes need no token").isEqualTo(200);
      assertThat(get(c, leader, "/metrics", null).status()).isEqualTo(401);

      String operator = c.bootstrapAcl().path("secret").asText();
      assertThat(operator).hasSizeGreaterThanOrEqualTo(43);
      HttpApi.Reply again = c.http().post(c.api(leader), "/v1/acl/bootstrap", new byte[0], Map.of());
      assertThat(again.status()).as("after the bootstrap, the route needs a token").isEqualTo(401);
      HttpApi.Reply againWithToken = c.http().post(c.api(leader), "/v1/acl/bootstrap", new byte[0], HttpApi.bearer(operator));
      assertThat(againWithToken.status()).isEqualTo(409);
      assertThat(againWithToken.json().path("error").asText()).contains("already bootstrapped");

      String reader = create(c, operator, "read", "dashboards").path("secret").asText();
      JsonNode submitToken = create(c, operator, "submit", "ci");
      String submitter = submitToken.path("secret").asText();

      // read: views, but no run.
      await("the read token known to the leader").atMost(MiniCluster.WAIT).until(() -> get(c, leader, "/v1/jobs", reader).status() == 200);
      assertThat(get(c, leader, "/metrics", reader).status()).isEqualTo(200);
      HttpApi.Reply readSubmits = c.http().post(c.api(leader), "/v1/jobs", Jobs.yaml("web"), HttpApi.bearer(reader));
      assertThat(readSubmits.status()).isEqualTo(403);
      assertThat(readSubmits.json().path("code").asText()).isEqualTo("forbidden");
      assertThat(readSubmits.json().path("error").asText()).isEqualTo("POST /v1/jobs needs role submit; the token has role read");

      // submit: run and stop, but no membership change; a follower checks the token before it forwards.
      await("the submit token known to the follower").atMost(MiniCluster.WAIT)
          .until(() -> get(c, follower, "/v1/jobs?stale=true", submitter).status() == 200);
      assertThat(c.http().post(c.api(follower), "/v1/jobs", Jobs.yaml("web"), Map.of()).status())
          .as("no forward for a request without a token").isEqualTo(401);
      // The follower forwards with the caller's token: the leader checks the same role.
      HttpApi.Reply readViaFollower = c.http().post(c.api(follower), "/v1/jobs", Jobs.yaml("web"), HttpApi.bearer(reader));
      assertThat(readViaFollower.status()).as(readViaFollower.text()).isEqualTo(403);
      HttpApi.Reply run = c.http().post(c.api(follower), "/v1/jobs", Jobs.yaml("web"), HttpApi.bearer(submitter));
      assertThat(run.status()).as(run.text()).isEqualTo(201);
      String jobId = run.json().path("id").asText();
      assertThat(c.http().send("DELETE", c.api(leader), "/v1/jobs/" + jobId, null, HttpApi.bearer(submitter)).status()).isEqualTo(200);
      HttpApi.Reply addManager = c.http().post(c.api(leader), "/v1/cluster/members",
          "{\"id\":\"m9\",\"raftAddress\":\"127.0.0.1:1\"}".getBytes(StandardCharsets.UTF_8), withJson(submitter));
      assertThat(addManager.status()).isEqualTo(403);
      assertThat(addManager.json().path("error").asText()).contains("needs role operator; the token has role submit");
      assertThat(get(c, leader, "/v1/acl/tokens", submitter).status()).isEqualTo(403);

      // operator: lists tokens, never their secrets nor hashes.
      HttpApi.Reply list = get(c, leader, "/v1/acl/tokens", operator);
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json().path("tokens")).hasSize(3);
      assertThat(list.text()).doesNotContain(operator).doesNotContain(reader).doesNotContain(submitter)
          .doesNotContain(io.orchestrate.manager.acl.TokenSecrets.sha256Hex(reader));

      // Revoked: refused by every manager once each has applied it.
      String accessor = submitToken.path("accessor").asText();
      assertThat(c.http().send("DELETE", c.api(leader), "/v1/acl/tokens/" + accessor, null, HttpApi.bearer(operator)).status())
          .isEqualTo(200);
      for (String id : c.ids()) {
        await("the revoked token refused by " + id).atMost(MiniCluster.WAIT).pollInterval(Duration.ofMillis(50))
            .until(() -> get(c, id, "/v1/jobs?stale=true", submitter).status() == 401);
      }
      assertThat(c.http().send("DELETE", c.api(leader), "/v1/acl/tokens/" + accessor, null, HttpApi.bearer(operator)).status())
          .isEqualTo(404);

      // A restarted manager reads its tokens back from its store.
      c.kill(follower);
      c.restart(follower);
      await("the restarted manager accepts the read token").atMost(MiniCluster.WAIT).ignoreExceptions()
          .until(() -> get(c, follower, "/v1/jobs?stale=true", reader).status() == 200);
      assertThat(get(c, follower, "/v1/jobs?stale=true", submitter).status()).isEqualTo(401);
    }
  }

  @Test
  void aFollowerRebuiltFromAnInstalledSnapshotKnowsTheTokens() throws Exception {
    // Snapshot every 40 entries, tiny log segments and no purge gap, so the log is purged quickly.
    try (MiniCluster c = MiniCluster.startWithAcl(dir, 3, b -> b.snapshotThreshold(40).logSegmentSizeBytes(16 * 1024).purgeGap(1))) {
      String operator = c.bootstrapAcl().path("secret").asText();
      String f = c.follower().id();
      c.kill(f);
      c.wipe(f);
      String reader = create(c, operator, "read", "after-the-wipe").path("secret").asText();
      for (int i = 0; i < 150; i++) {
        HttpApi.Reply r = c.http().postFollowing(c.api(c.leader().id()), "/v1/jobs", Jobs.yaml("b-" + i), HttpApi.bearer(operator), 3);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
      }
      Manager leader = c.leader();
      long purgedUpTo = leader.raft().division().getRaftLog().getStartIndex();
      assertThat(purgedUpTo).as("the leader's log no longer holds the token entries").isGreaterThan(40);

      c.restart(f);
      c.awaitSameDigest();
      assertThat(c.manager(f).stateMachine().snapshotStorage().getLatestSnapshot()).as("rebuilt from a shipped snapshot").isNotNull();
      assertThat(get(c, f, "/v1/jobs?stale=true&limit=1", reader).status()).isEqualTo(200);
      assertThat(get(c, f, "/v1/jobs?stale=true&limit=1", "not-a-token").status()).isEqualTo(401);
    }
  }
}
