package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.testing.docker.RequiresDocker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's job file, as written there, on two Docker workers: both copies pass their HTTP
 * check on / and are never restarted, and its deployment succeeds.
 */
class ReadmeJobFileIT {
  @TempDir Path dir;

  /** The first YAML block after "A job file:" in the repository's README. */
  static String readmeJobFile() throws Exception {
    Path readme = Path.of("..", "README.md");
    if (!Files.exists(readme)) readme = Path.of("README.md");
    String text = Files.readString(readme);
    int at = text.indexOf("A job file:");
    int start = text.indexOf("```yaml\n", at) + "```yaml\n".length();
    return text.substring(start, text.indexOf("```", start));
  }

  @Test
  @RequiresDocker(images = "local/busybox:1")
  void theReadmesJobRunsHealthyAsWritten() throws Exception {
    String file = readmeJobFile();
    assertThat(file).contains("name: web", "health: {type: http, path: /, port: 8080");
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      // Its constraints name nodes w1 and w2 and ask for one task per node.
      c.startWorker("w1", "docker", Resources.of(4, 2048, 1000));
      c.startWorker("w2", "docker", Resources.of(4, 2048, 1000));
      HttpApi.Reply r = c.submit(file.getBytes(StandardCharsets.UTF_8), null);
      assertThat(r.status()).as(r.text()).isEqualTo(201);

      await("the README job's deployment succeeded").atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
        JsonNode d = c.http().get(c.api(c.leader().id()), "/v1/deployments?job=web").json().path("deployments").get(0);
        assertThat(d.path("status").asText()).as(d.toString()).isNotIn("failed", "reverted");
        return d.path("status").asText().equals("successful");
      });
      JsonNode job = c.http().get(c.api(c.leader().id()), "/v1/jobs/web").json();
      assertThat(job.path("tasks")).hasSize(2).allSatisfy(t -> {
        assertThat(t.path("state").asText()).isEqualTo("RUNNING");
        assertThat(t.path("health").asText()).isEqualTo("healthy");
        assertThat(t.path("restarts").asInt()).isZero();
      });
    }
  }
}
