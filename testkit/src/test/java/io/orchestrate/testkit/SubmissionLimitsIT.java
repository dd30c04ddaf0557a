package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large submissions cannot unseat the leader: a job file over {@code --max-job-bytes} gets 413
 * naming the flag, and many large jobs at once are batched into entries no larger than
 * {@code --max-entry-bytes}, so every entry replicates, the term does not change, and the callers
 * told 201 are exactly the jobs committed.
 */
class SubmissionLimitsIT {
  static final int JOB_BYTES = 300_000;

  /** A job file of about {@code bytes} bytes: one task whose environment carries the padding. */
  static byte[] bigJob(String name, int bytes) {
    String pad = "x".repeat(bytes);
    return ("{\"name\":\"" + name + "\",\"tasks\":[{\"name\":\"api\",\"image\":\"local/busybox:1\",\"command\":[\"sleep\",\"3600\"],"
        + "\"env\":{\"PAD\":\"" + pad + "\"}}]}").getBytes(StandardCharsets.UTF_8);
  }

  static long term(MiniCluster c) {
    return c.http().get(c.leader().apiAddress().toString(), "/v1/health").json().path("term").asLong();
  }

  @Test
  void aHundredConcurrentLargeJobsKeepTheTermAndEvery201IsACommittedJob(@TempDir Path dir) throws Exception {
    // Limits raised so that 300 kB jobs are accepted: an entry then holds at most three of them. The
    // request timeout is long enough for 27 MB to reach two followers' disks on a busy 2-core host.
    try (MiniCluster c = MiniCluster.start(dir, 3,
        b -> b.maxJobBytes(350_000).maxEntryBytes(1_100_000).requestTimeout(Duration.ofSeconds(30)))) {
      String leader = c.leader().apiAddress().toString();
      long termBefore = term(c);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        // Every tenth is over the limit and must get 413 without disturbing the others.
        byte[] body = bigJob("big-" + i, i % 10 == 9 ? 400_000 : JOB_BYTES);
        replies.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + leader + "/v1/jobs"))
            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      Set<String> created = new HashSet<>();
      int tooLarge = 0;
      for (int i = 0; i < replies.size(); i++) {
        HttpResponse<String> r = replies.get(i).join();
        if (i % 10 == 9) {
          assertThat(r.statusCode()).as("job %d", i).isEqualTo(413);
          assertThat(r.body()).contains("--max-job-bytes");
          tooLarge++;
        } else {
          assertThat(r.statusCode()).as("job %d: %s", i, r.body().length() > 300 ? r.body().substring(0, 300) : r.body()).isEqualTo(201);
          created.add(io.orchestrate.core.codec.Json.lenient().readTree(r.body()).path("id").asText());
        }
      }
      assertThat(tooLarge).isEqualTo(10);
      assertThat(created).hasSize(90);
      assertThat(term(c)).as("no leader change").isEqualTo(termBefore);
      c.awaitSameDigest();
      Set<String> committed = new HashSet<>();
      for (JsonNode j : c.http().get(leader, "/v1/jobs?limit=1000").json().path("jobs")) committed.add(j.path("id").asText());
      assertThat(committed).isEqualTo(created);
    }
  }

  @Test
  void aHundredConcurrentOneMegabyteJobsGet413AndTheTermStays(@TempDir Path dir) {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      String leader = c.leader().apiAddress().toString();
      long termBefore = term(c);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      byte[] body = bigJob("big", 1_000_000);
      List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        replies.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + leader + "/v1/jobs"))
            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> r : replies) {
        assertThat(r.join().statusCode()).isEqualTo(413);
        assertThat(r.join().body()).contains("the limit is 262144 bytes (--max-job-bytes)");
      }
      assertThat(term(c)).isEqualTo(termBefore);
      assertThat(c.http().get(leader, "/v1/jobs").json().path("jobs")).isEmpty();
    }
  }

  @Test
  void aReusedKeyWithAnotherFileGets409(@TempDir Path dir) {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      HttpApi.Reply first = c.submit(Jobs.yaml("web"), "deploy-42");
      assertThat(first.status()).isEqualTo(201);
      HttpApi.Reply again = c.submit(Jobs.yaml("web"), "deploy-42");
      assertThat(again.status()).as("the same file again answers with the same job").isIn(200, 201);
      assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
      HttpApi.Reply other = c.submit(Jobs.yaml("other"), "deploy-42");
      assertThat(other.status()).isEqualTo(409);
      assertThat(other.text()).contains("Idempotency-Key 'deploy-42' was already used for job " + first.json().path("id").asText());
      assertThat(c.http().get(c.leader().apiAddress().toString(), "/v1/jobs").json().path("jobs")).hasSize(1);
    }
  }
}
