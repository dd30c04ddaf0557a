package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad request gets the right 4xx, a message naming the problem, and changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  MiniCluster c;
  String leader;
  JsonNode digestBefore;

  @BeforeAll
  void start(@TempDir Path dir) {
    c = MiniCluster.start(dir, 3);
    leader = c.leader().apiAddress().toString();
    HttpApi.Reply good = c.submit(Jobs.yaml("good"), null);
    assertThat(good.status()).isEqualTo(201);
    String id = good.json().path("id").asText();
    // Quiescent first: the baseline is taken once every replica holds the good job and its tasks
    // say why they wait, so nothing the good job caused can be mistaken for a rejected request's.
    org.awaitility.Awaitility.await("pending reasons recorded").atMost(MiniCluster.WAIT).until(() -> {
      JsonNode tasks = c.http().get(leader, "/v1/tasks?job=" + id).json().path("tasks");
      for (JsonNode t : tasks) if (t.path("reason").asText("").isEmpty()) return false;
      return tasks.size() == 3;
    });
    c.awaitSameDigest();
    digestBefore = c.digest(c.leader().id());
  }

  @AfterAll
  void stop() {
    c.close();
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String job(String task) {
    return "name: web\ntasks:\n" + task;
  }

  static Stream<Arguments> badJobFiles() {
    String ok = "  - name: api\n    image: local/busybox:1\n";
    return Stream.of(
        Arguments.of("malformed YAML", b("name: web\ntasks: [\n  - name: : :\n"), "invalid_spec", "malformed YAML at line"),
        Arguments.of("missing image", b(job("  - name: api\n    count: 1\n")), "invalid_spec", "tasks[0].image is required"),
        Arguments.of("negative memory", b(job(ok + "    resources: {memoryMb: -5}\n")), "invalid_spec", "tasks[0].resources.memoryMb must be > 0"),
        Arguments.of("count 0", b(job(ok + "    count: 0\n")), "invalid_spec", "tasks[0].count must be >= 1"),
        Arguments.of("wrong field type", b(job(ok + "    count: two\n")), "invalid_spec", "tasks[0].count: expected an integer"),
        Arguments.of("unknown field", b(job(ok + "    resources: {memroyMb: 5}\n")), "invalid_spec", "unknown field 'memroyMb'"),
        Arguments.of("empty body", b("   \n"), "invalid_spec", "job file is empty"),
        Arguments.of("bad restart policy", b(job(ok + "    restart: {policy: sometimes}\n")), "invalid_spec", "tasks[0].restart.policy"),
        Arguments.of("duplicate task names", b(job(ok + ok)), "invalid_spec", "tasks[1].name 'api' is used by an earlier task"),
        Arguments.of("second task bad memory", b(job(ok + "  - name: db\n    image: x\n    resources: {memoryMb: 0}\n")), "invalid_spec", "tasks[1].resources.memoryMb must be > 0"),
        Arguments.of("JSON with trailing garbage", b("{\"name\": \"web\", \"tasks\": []} xx"), "invalid_spec", "malformed JSON"),
        Arguments.of("no tasks", b("name: web\ntasks: []\n"), "invalid_spec", "tasks must list at least one task"),
        Arguments.of("bad job name", b("name: Web_1\ntasks:\n" + ok), "invalid_spec", "name 'Web_1' must be lowercase"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badJobFiles")
  void badJobFileIsRejectedWithTheFieldNamed(String what, byte[] body, String code, String message) {
    HttpApi.Reply r = c.http().post(leader, "/v1/jobs", body, Map.of());
    assertThat(r.status()).as(what + ": " + r.text()).isEqualTo(400);
    assertThat(r.json().path("code").asText()).isEqualTo(code);
    assertThat(r.json().path("error").asText()).contains(message);
    assertUnchanged();
  }

  @Test
  void oversizedBodyGets413() {
    byte[] big = new byte[1024 * 1024 + 10];
    java.util.Arrays.fill(big, (byte) 'a');
    HttpApi.Reply r = c.http().post(leader, "/v1/jobs", big, Map.of());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().path("code").asText()).isEqualTo("payload_too_large");
    assertThat(r.json().path("error").asText()).contains("1 MiB");
    assertUnchanged();
  }

  @Test
  void unknownJobIdGets404NamingIt() {
    HttpApi.Reply get = c.http().get(leader, "/v1/jobs/j-nope");
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.json().path("error").asText()).contains("j-nope");
    HttpApi.Reply del = c.http().delete(leader, "/v1/jobs/j-nope");
    assertThat(del.status()).isEqualTo(404);
    assertThat(del.json().path("code").asText()).isEqualTo("not_found");
    assertThat(c.http().get(leader, "/v1/tasks?job=j-nope").status()).isEqualTo(404);
    assertUnchanged();
  }

  @Test
  void badIdempotencyKeyIsRejected() {
    HttpApi.Reply r = c.http().post(leader, "/v1/jobs", Jobs.yaml("keyed"), Map.of("Idempotency-Key", "k".repeat(200)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).contains("Idempotency-Key");
    assertUnchanged();
  }

  @Test
  void unknownEndpointAndWrongMethod() {
    HttpApi.Reply r = c.http().get(leader, "/v1/nothing");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().path("error").asText()).contains("/v1/nothing");
    HttpApi.Reply put = c.http().send("PUT", leader, "/v1/jobs", Jobs.yaml("x"), Map.of());
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.header("Allow")).isEqualTo("GET");
    assertUnchanged();
  }

  private void assertUnchanged() {
    JsonNode now = c.digest(c.leader().id());
    assertThat(now.path("appliedIndex").asLong()).isEqualTo(digestBefore.path("appliedIndex").asLong());
    assertThat(now.path("digest").asText()).isEqualTo(digestBefore.path("digest").asText());
  }
}
