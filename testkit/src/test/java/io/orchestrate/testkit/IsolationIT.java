package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.manager.Manager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A leader cut off from the other managers, without stopping it: the partition a kill does not show. */
class IsolationIT {
  @TempDir Path dir;

  private static String submitTo(MiniCluster c, Manager m, String name) {
    HttpApi.Reply r = c.http().post(m.apiAddress().toString(), "/v1/jobs", Jobs.yaml(name), Map.of());
    assertThat(r.status()).as(name + ": " + r.text()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  @Test
  void anIsolatedLeaderStepsDownTheMajorityCarriesOnAndAfterTheHealEveryReplicaHoldsEveryAcknowledgedJob() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      Set<String> acknowledged = new HashSet<>();
      Manager old = c.leader();
      for (int i = 0; i < 10; i++) acknowledged.add(submitTo(c, old, "before-" + i));

      long cut = System.nanoTime();
      c.isolate(old.id());
      await("the isolated leader steps down by itself").atMost(Duration.ofSeconds(15)).until(() -> !old.leadership().isLeader());
      long stepDownMs = (System.nanoTime() - cut) / 1_000_000;
      Manager next = c.leader();
      long electedMs = (System.nanoTime() - cut) / 1_000_000;
      assertThat(next.id()).isNotEqualTo(old.id());
      System.out.printf("isolated leader %s stepped down %d ms after the cut; %s leads %d ms after it%n", old.id(), stepDownMs, next.id(),
          electedMs);

      for (int i = 0; i < 10; i++) acknowledged.add(submitTo(c, next, "after-" + i));
      // The cut-off manager acknowledges nothing: it cannot commit, and it says so instead of hanging.
      long t0 = System.nanoTime();
      HttpApi.Reply refused = c.http().post(old.apiAddress().toString(), "/v1/jobs", Jobs.yaml("cut-off"), Map.of());
      long refusedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(refused.status()).as(refused.text()).isEqualTo(503);
      // The request timeout is 5 s and the client's own 15 s: under 10 s is an answer at the timeout, not a hang.
      assertThat(refusedMs).as("refused at the request timeout, not hanging").isLessThan(10_000);

      c.heal(old.id());
      c.awaitSameDigest(); // every running replica at one applied index with one digest
      for (String id : c.ids()) {
        Set<String> seen = new HashSet<>();
        for (JsonNode j : c.http().get(c.api(id), "/v1/jobs?stale=true").json().path("jobs")) seen.add(j.path("id").asText());
        assertThat(seen).as("jobs on " + id).isEqualTo(acknowledged);
      }
    }
  }
}
