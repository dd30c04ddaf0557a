package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.manager.Manager;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterApiIT {
  @TempDir Path dir;

  @Test
  void clusterHealthAndMetricsDescribeTheReplicaTruthfully() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      Manager leader = c.leader();
      assertThat(c.submit(Jobs.yaml("web"), null).status()).isEqualTo(201);
      c.awaitSameDigest();

      // The view probes each other manager with an 800 ms bound: on a loaded machine one view may show a slow
      // one UNREACHABLE (applied index -1), so it is asked again, bounded, until every member answered.
      String followerApi = c.follower().apiAddress().toString();
      JsonNode view = org.awaitility.Awaitility.await("every member answers the view's probe").atMost(MiniCluster.WAIT)
          .until(() -> c.http().get(followerApi, "/v1/cluster").json(),
              v -> v.path("members").size() == 3 && v.path("members").findValuesAsText("role").stream().noneMatch("UNREACHABLE"::equals));
      assertThat(view.path("leader").asText()).isEqualTo(leader.id());
      assertThat(view.path("term").asLong()).isPositive();
      Set<String> roles = new HashSet<>();
      for (JsonNode m : view.path("members")) {
        roles.add(m.path("id").asText() + "=" + m.path("role").asText());
        assertThat(m.path("apiAddress").asText()).isEqualTo(c.api(m.path("id").asText()));
        assertThat(m.path("appliedIndex").asLong()).isPositive();
      }
      assertThat(roles).contains(leader.id() + "=LEADER").hasSize(3);

      JsonNode health = c.http().get(c.api("m2"), "/v1/health").json();
      assertThat(health.path("id").asText()).isEqualTo("m2");
      assertThat(health.path("leader").asText()).isEqualTo(leader.id());

      // Move leadership on purpose and see the new leader serve writes.
      String target = c.follower().id();
      HttpApi.Reply moved = c.http().post(leader.apiAddress().toString(), "/v1/cluster/transfer-leadership",
          ("{\"target\": \"" + target + "\"}").getBytes(), Map.of("Content-Type", "application/json"));
      assertThat(moved.status()).as(moved.text()).isEqualTo(200);
      assertThat(c.leader().id()).isEqualTo(target);
      assertThat(c.http().post(c.api(target), "/v1/jobs", Jobs.yaml("after-transfer"), Map.of()).status()).isEqualTo(201);

      String metrics = c.http().get(c.api(target), "/metrics").text();
      assertThat(metrics)
          .contains("orchestrate_raft_leader{manager=\"" + target + "\"} 1.0")
          .contains("orchestrate_raft_term")
          .contains("orchestrate_raft_commit_index")
          .contains("orchestrate_raft_applied_index")
          .contains("orchestrate_raft_leader_changes_total")
          .contains("orchestrate_raft_apply_latency_seconds")
          .contains("orchestrate_http_requests_seconds_count{manager=\"" + target + "\",method=\"POST\",route=\"/v1/jobs\",status=\"201\"}");
      String followerMetrics = c.http().get(c.api(leader.id()), "/metrics").text();
      assertThat(followerMetrics).contains("orchestrate_raft_leader{manager=\"" + leader.id() + "\"} 0.0");

      HttpApi.Reply unknown = c.http().post(c.api(target), "/v1/cluster/transfer-leadership", "{\"target\": \"m9\"}".getBytes(), Map.of());
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.json().path("error").asText()).contains("m9");
    }
  }
}
