package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orchestrate.localcluster.ChildProcess;
import io.orchestrate.localcluster.FreePorts;
import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.security.TlsMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrate dev} run as a user runs it, with {@code ORCHESTRATE_LOG_FORMAT=json}: every
 * line on standard error is a JSON object with a date, a submission, its placement, a stop and the
 * leader each get an INFO line, no line prints "null" for a value, and a task's environment never
 * reaches the log.
 */
class DevLogsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern NULL_WORD = Pattern.compile("\\bnull\\b");
  private static final Pattern ENV_LINE = Pattern.compile(
      "ORCHESTRATE_CA=(\\S+) ORCHESTRATE_CERT=(\\S+) ORCHESTRATE_KEY=(\\S+) ORCHESTRATE_TOKEN=(\\S+)");
  private static final String SECRET = "s3cr3t-value-never-logged";

  @TempDir Path dir;

  @Test
  void everyLineIsJsonWithADateAndTheDecisionsAreThere() throws Exception {
    int api = FreePorts.next();
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    cmd.addAll(ChildProcess.SMALL_JVM);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildProcess.MAIN, "dev", "--driver", "process",
        "--api", "127.0.0.1:" + api, "--raft", "127.0.0.1:" + FreePorts.next(), "--gateway", "127.0.0.1:" + FreePorts.next(),
        "--data-dir", dir.resolve("data").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("ORCHESTRATE_LOG_FORMAT", "json");
    pb.environment().remove("ORCHESTRATE_LOG_LEVEL");
    Process dev = pb.start();
    try {
      await().atMost(WAIT).until(() -> ENV_LINE.matcher(read(out)).find());
      // dev runs with mutual TLS and tokens: the printed env line is how a user reaches it.
      Matcher env = ENV_LINE.matcher(read(out));
      assertThat(env.find()).isTrue();
      HttpClient http = HttpClient.newBuilder()
          .sslContext(TlsContexts.jdkClient(TlsMaterial.load(new TlsFiles(Path.of(env.group(1)), Path.of(env.group(2)), Path.of(env.group(3))))))
          .build();
      String token = env.group(4);
      String job = """
          name: logged
          tasks:
            - name: sleeper
              image: local/busybox:1
              command: ["sleep", "60"]
              count: 2
              env: {TOKEN: %s}
              resources: {cpu: 0.1, memoryMb: 16, diskMb: 0}
          """.formatted(SECRET);
      HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api + "/v1/jobs"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml").header("Idempotency-Key", "logs-it-1")
          .POST(HttpRequest.BodyPublishers.ofString(job)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
      String jobId = new ObjectMapper().readTree(submitted.body()).path("id").asText();

      await().atMost(WAIT).until(() -> messages(err).stream().anyMatch(m -> m.startsWith("placed 2 task(s)")));
      HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api + "/v1/jobs/" + jobId))
          .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
      await().atMost(WAIT).until(() -> messages(err).stream().anyMatch(m -> m.startsWith("job " + jobId + " (logged) stopped")));

      dev.destroy();
      assertThat(dev.waitFor(30, TimeUnit.SECONDS)).as("dev stops on SIGTERM").isTrue();

      List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
      ObjectMapper json = new ObjectMapper();
      List<String> info = new ArrayList<>();
      for (String line : lines) {
        JsonNode n = json.readTree(line);
        assertThat(n.isObject()).as(line).isTrue();
        OffsetDateTime.parse(n.path("timestamp").asText());
        assertThat(n.path("level").asText()).as(line).isIn("ERROR", "WARN", "INFO");
        assertThat(n.path("logger").asText()).as(line).isNotEmpty();
        assertThat(n.path("thread").asText()).as(line).isNotEmpty();
        if (n.path("level").asText().equals("INFO")) info.add(n.path("message").asText());
      }
      assertThat(info)
          .contains("job " + jobId + " (logged) submitted: 2 task(s) in 1 group(s), with an idempotency key")
          .contains("leader is dev (this manager) in term 1")
          .anyMatch(m -> m.matches("state store opened at .*: nothing applied yet, 0 jobs, 0 tasks"))
          .anyMatch(m -> m.matches("placed 2 task\\(s\\) in one round of \\d+ ms; 0 pending"))
          .anyMatch(m -> m.startsWith("job " + jobId + " (logged) stopped"));
      assertThat(info).as("INFO lines that print null for a value").noneMatch(m -> NULL_WORD.matcher(m).find());
      assertThat(String.join("\n", lines)).as("a task's environment stays out of the log").doesNotContain(SECRET);
    } finally {
      dev.destroyForcibly();
      dev.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  /** The messages of the complete JSON lines so far. */
  private static List<String> messages(Path err) throws IOException {
    List<String> m = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : read(err).split("\n")) {
      if (!line.startsWith("{") || !line.endsWith("}")) continue;
      m.add(json.readTree(line).path("message").asText());
    }
    return m;
  }
}
