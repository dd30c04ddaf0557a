package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StopJobIT {
  @TempDir Path dir;

  @Test
  void stoppedJobsTasksAreStoppedAndStoppingAgainIsANoOp() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      String id = c.submit(Jobs.yaml("web"), null).json().path("id").asText();
      String leader = c.leader().apiAddress().toString();
      String follower = c.follower().apiAddress().toString();

      // A stop is a write: a follower forwards it to the leader and answers with the leader's answer.
      HttpApi.Reply stop = c.http().delete(follower, "/v1/jobs/" + id);
      assertThat(stop.status()).as(stop.text()).isEqualTo(200);
      assertThat(stop.json().path("status").asText()).isEqualTo("stopped");
      assertThat(stop.json().path("tasks")).hasSize(3);
      for (JsonNode t : stop.json().path("tasks")) assertThat(t.path("state").asText()).isEqualTo("STOPPED");

      JsonNode before = c.digest(c.leader().id());
      HttpApi.Reply again = c.http().delete(leader, "/v1/jobs/" + id);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().path("status").asText()).isEqualTo("stopped");
      JsonNode after = c.digest(c.leader().id());
      assertThat(after.path("appliedIndex").asLong()).as("a repeated stop writes nothing").isEqualTo(before.path("appliedIndex").asLong());

      // Every replica agrees, read linearizably from a follower.
      JsonNode read = c.http().get(follower, "/v1/jobs/" + id).json();
      assertThat(read.path("status").asText()).isEqualTo("stopped");
      for (JsonNode t : c.http().get(follower, "/v1/tasks?job=" + id).json().path("tasks")) {
        assertThat(t.path("state").asText()).isEqualTo("STOPPED");
        assertThat(t.path("reason").asText()).isEqualTo("job stopped");
      }
    }
  }
}
