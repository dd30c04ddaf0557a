package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.manager.Manager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower answers what only the leader can by asking the leader itself: writes sent to any
 * manager succeed without a redirect, a forwarded request is never forwarded again, and with the
 * leader dead the answer is a quick 503 with Retry-After rather than a redirect to it or a hang.
 * Over mutual TLS the hop keeps the caller's token, and only a manager may say it forwarded.
 */
class FollowerForwardIT {
  private static final String FORWARDED_BY = "X-Orchestrate-Forwarded-By";
  /**
   * Below the request timeout (5 s here): a forward to a dead leader must not wait for it. A second
   * under it, not more, so that a loaded machine's stall is not taken for that wait.
   */
  private static final long QUICK_MS = 4_000;

  @TempDir Path dir;

  private static Map<String, String> yaml(String... more) {
    Map<String, String> h = new HashMap<>(Map.of("Content-Type", "application/yaml"));
    for (int i = 0; i + 1 < more.length; i += 2) h.put(more[i], more[i + 1]);
    return h;
  }

  @Test
  void everyFollowerForwardsWritesOnceAndAnswersQuicklyWhenTheLeaderIsGone() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      Manager leader = c.leader();
      List<Manager> followers = c.ids().stream().map(c::manager).filter(m -> m != leader).toList();
      assertThat(followers).hasSize(2);
      for (Manager f : followers) {
        HttpApi.Reply r = c.http().post(f.apiAddress().toString(), "/v1/jobs", Jobs.yaml("via-" + f.id()), yaml("Idempotency-Key", "k-" + f.id()));
        assertThat(r.status()).as(f.id() + " forwards the submission: " + r.text()).isEqualTo(201);
        assertThat(r.header("Location")).as("no redirect").isNull();
        String id = r.json().path("id").asText();
        assertThat(c.http().get(leader.apiAddress().toString(), "/v1/jobs/" + id).status()).as("the leader has it").isEqualTo(200);
        // The same key through the other path: the leader's idempotency answer comes back through the follower.
        HttpApi.Reply again = c.http().post(f.apiAddress().toString(), "/v1/jobs", Jobs.yaml("via-" + f.id()), yaml("Idempotency-Key", "k-" + f.id()));
        assertThat(again.status()).as(again.text()).isIn(200, 201);
        assertThat(again.json().path("id").asText()).isEqualTo(id);
      }
      // A stop and a non-stale node list are leader-only too.
      String stopMe = c.http().post(c.api(leader.id()), "/v1/jobs", Jobs.yaml("stop-me"), yaml()).json().path("id").asText();
      HttpApi.Reply stop = c.http().delete(followers.get(0).apiAddress().toString(), "/v1/jobs/" + stopMe);
      assertThat(stop.status()).as(stop.text()).isEqualTo(200);
      assertThat(stop.json().path("status").asText()).isEqualTo("stopped");
      assertThat(c.http().get(followers.get(1).apiAddress().toString(), "/v1/nodes").status()).isEqualTo(200);

      // A request that says it was forwarded already is not forwarded again.
      long indexBefore = c.digest(leader.id()).path("appliedIndex").asLong();
      HttpApi.Reply loop = c.http().post(followers.get(0).apiAddress().toString(), "/v1/jobs", Jobs.yaml("loop"),
          yaml(FORWARDED_BY, followers.get(1).id()));
      assertThat(loop.status()).as(loop.text()).isEqualTo(503);
      assertThat(loop.header("Retry-After")).isNotBlank();
      assertThat(loop.json().path("error").asText()).contains("forwarded once only");
      assertThat(c.digest(leader.id()).path("appliedIndex").asLong()).as("the refused request wrote nothing").isEqualTo(indexBefore);

      // The leader dies; the followers elect a new one. Every answer meanwhile is quick: 201 or 503 + Retry-After.
      String target = followers.get(0).apiAddress().toString();
      c.kill(leader.id());
      long killedAt = System.nanoTime();
      HttpApi.Reply r = null;
      int calls = 0;
      long worstMs = 0;
      for (; calls < 400 && System.nanoTime() - killedAt < 20_000_000_000L; calls++) {
        long t0 = System.nanoTime();
        r = c.http().post(target, "/v1/jobs", Jobs.yaml("after-kill"), yaml("Idempotency-Key", "after-kill"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        worstMs = Math.max(worstMs, ms);
        assertThat(ms).as("answer %d after the kill took %d ms: %s", calls, ms, r.text()).isLessThan(QUICK_MS);
        if (r.status() == 201 || r.status() == 200) break;
        assertThat(r.status()).as(r.text()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isNotBlank();
        assertThat(r.header("Location")).as("never a redirect to the dead leader").isNull();
      }
      assertThat(r.status()).as("a survivor accepted a write after %d calls: %s", calls, r.text()).isIn(200, 201);
      System.out.printf("follower forward: first write accepted at a survivor %d ms after SIGKILL-like kill of %s, %d calls, worst %d ms%n",
          (System.nanoTime() - killedAt) / 1_000_000, leader.id(), calls, worstMs);

      // No quorum left: the survivor's answer is a quick 503, whether it still names the dead leader or none.
      Manager next = c.leader();
      String survivor = c.ids().stream().filter(id -> !id.equals(leader.id()) && !id.equals(next.id())).findFirst().orElseThrow();
      c.kill(next.id());
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        HttpApi.Reply refused = c.http().post(c.api(survivor), "/v1/jobs", Jobs.yaml("no-quorum"), yaml());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(refused.status()).as(refused.text()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(ms).as("no quorum answered in %d ms", ms).isLessThan(QUICK_MS);
      }
      c.restart(leader.id());
      c.restart(next.id());
    }
  }

  @Test
  void overMutualTlsTheHopKeepsTheCallersTokenAndOnlyAManagerMaySayItForwarded() {
    try (MiniCluster c = MiniCluster.start(dir, 3, b -> b.acl(true), true)) {
      String operator = c.bootstrapAcl().path("secret").asText();
      Manager leader = c.leader();
      Manager follower = c.follower();
      String followerApi = follower.apiAddress().toString();
      String leaderApi = leader.apiAddress().toString();

      HttpApi.Reply noToken = c.http().post(followerApi, "/v1/jobs", Jobs.yaml("web"), yaml());
      assertThat(noToken.status()).as("checked before any forward").isEqualTo(401);
      HttpApi.Reply run = c.http().post(followerApi, "/v1/jobs", Jobs.yaml("web"), yaml("Authorization", "Bearer " + operator));
      assertThat(run.status()).as("forwarded over HTTPS with the manager's certificate and the caller's token: " + run.text()).isEqualTo(201);

      // A client certificate that claims a forward is refused, at the leader and at a follower alike.
      for (String api : List.of(leaderApi, followerApi)) {
        HttpApi.Reply claimed = c.http().post(api, "/v1/jobs", Jobs.yaml("claimed"),
            yaml("Authorization", "Bearer " + operator, FORWARDED_BY, follower.id()));
        assertThat(claimed.status()).as(claimed.text()).isEqualTo(403);
        assertThat(claimed.json().path("error").asText()).contains(FORWARDED_BY);
      }
      // A manager's certificate may say it forwarded, under its own name only; the token is still checked.
      String otherId = c.ids().stream().filter(id -> !id.equals(leader.id()) && !id.equals(follower.id())).findFirst().orElseThrow();
      HttpApi asFollower = new HttpApi(MiniCluster.clientTls(c.pki().manager(follower.id())));
      HttpApi.Reply impersonated = asFollower.post(leaderApi, "/v1/jobs", Jobs.yaml("impersonated"),
          yaml("Authorization", "Bearer " + operator, FORWARDED_BY, otherId));
      assertThat(impersonated.status()).as(impersonated.text()).isEqualTo(403);
      HttpApi.Reply managerNoToken = asFollower.post(leaderApi, "/v1/jobs", Jobs.yaml("no-token"), yaml(FORWARDED_BY, follower.id()));
      assertThat(managerNoToken.status()).as("a manager's certificate grants no role").isEqualTo(401);
      HttpApi.Reply honest = asFollower.post(leaderApi, "/v1/jobs", Jobs.yaml("honest"),
          yaml("Authorization", "Bearer " + operator, FORWARDED_BY, follower.id()));
      assertThat(honest.status()).as(honest.text()).isEqualTo(201);
    }
  }
}
