package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicationIT {
  @TempDir Path dir;

  @Test
  void twoHundredSubmissionsRoundRobinReachEveryReplicaWithEqualDigests() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      List<String> apis = c.apis();
      String leaderApi = c.leader().apiAddress().toString();
      Set<String> ids = new HashSet<>();
      int forwarded = 0;
      for (int i = 0; i < 200; i++) {
        String target = apis.get(i % apis.size());
        HttpApi.Reply r = c.http().post(target, "/v1/jobs", Jobs.yaml("job-" + i), Map.of("Content-Type", "application/yaml"));
        // A follower forwards the write to the leader and answers with what the leader said.
        if (!target.equals(leaderApi)) forwarded++;
        assertThat(r.status()).as(target + ": " + r.text()).isEqualTo(201);
        JsonNode job = r.json();
        assertThat(job.path("name").asText()).isEqualTo("job-" + i);
        assertThat(job.path("tasks")).hasSize(3);
        job.path("tasks").forEach(t -> assertThat(t.path("state").asText()).isEqualTo("PENDING"));
        ids.add(job.path("id").asText());
      }
      assertThat(forwarded).isGreaterThan(100);
      assertThat(ids).hasSize(200);

      c.awaitSameDigest(); // every running replica at one applied index with one digest
      for (String id : c.ids()) {
        JsonNode list = c.http().get(c.api(id), "/v1/jobs?stale=true").json();
        assertThat(list.path("jobs").size()).as("jobs on " + id).isEqualTo(200);
        Set<String> seen = new HashSet<>();
        list.path("jobs").forEach(j -> seen.add(j.path("id").asText()));
        assertThat(seen).isEqualTo(ids);
      }
    }
  }
}
