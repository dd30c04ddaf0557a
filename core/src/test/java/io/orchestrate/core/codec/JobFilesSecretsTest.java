package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.JobView;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.JobSpecValidator;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.Secrets;
import io.orchestrate.core.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A task's {@code secrets} in job files: parsing, the encodings that must carry the values (the
 * Raft log) and those that must not (views, {@code toString}), and validation whose every message
 * names the secret and never shows its value.
 */
class JobFilesSecretsTest {
  private static final String VALUE = "s3cr3t-hunter2";

  private static JobSpec parse(String yaml) {
    return JobFiles.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static String task(String extra) {
    return """
        name: web
        tasks:
          - name: api
            image: local/busybox:1
        """ + extra;
  }

  private static List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidSpecException e) {
      return e.problems();
    }
    throw new AssertionError("accepted: " + yaml);
  }

  private static JobSpec withSecret() {
    return parse(task("    env: {LOG_LEVEL: debug}\n    secrets: {DB_PASSWORD: " + VALUE + ", API_KEY: k-123}\n"));
  }

  @Test
  void secretsAreReadBesideEnvSortedByName() {
    TaskSpec t = withSecret().tasks().get(0);
    assertThat(t.env()).isEqualTo(Map.of("LOG_LEVEL", "debug"));
    assertThat(t.secrets().values()).containsExactly(Map.entry("API_KEY", "k-123"), Map.entry("DB_PASSWORD", VALUE));
    assertThat(parse(task("")).tasks().get(0).secrets()).isSameAs(Secrets.NONE);
    assertThat(parse(task("    secrets: ~\n")).tasks().get(0).secrets()).isSameAs(Secrets.NONE);
  }

  /** Specs are hashed and replicated: one without secrets must encode exactly as before the field existed. */
  @Test
  void aSpecWithoutSecretsEncodesByteForByteAsBefore() {
    TaskSpec t = new TaskSpec("api", "local/busybox:1", List.of("sh", "-c", "env"), Map.of("B", "2", "A", "1"), 2,
        Resources.of(0.5, 64, 10), null, null, null, "host");
    String task = "{\"name\":\"api\",\"image\":\"local/busybox:1\",\"command\":[\"sh\",\"-c\",\"env\"],\"env\":{\"A\":\"1\",\"B\":\"2\"},"
        + "\"count\":2,\"resources\":{\"cpu\":0.5,\"memoryMb\":64,\"diskMb\":10},"
        + "\"restart\":{\"policy\":\"on-failure\",\"maxRestarts\":3,\"delaySeconds\":1},"
        + "\"reschedule\":{\"attempts\":5,\"delaySeconds\":1,\"maxDelaySeconds\":60,\"failed\":false},\"network\":\"host\"}";
    assertThat(Json.string(t)).isEqualTo(task);
    assertThat(Json.read(task.getBytes(StandardCharsets.UTF_8), TaskSpec.class)).as("an old encoding reads as no secrets").isEqualTo(t);
    assertThat(Json.string(t.withSecrets(Secrets.of(Map.of())))).isEqualTo(task);
    SubmitJob s = new SubmitJob("j-1", "k", new JobSpec("web", List.of(t)), List.of("t-1", "t-2"), 1234L);
    assertThat(new String(CommandCodec.encode(s), StandardCharsets.UTF_8)).isEqualTo(
        "{\"type\":\"job.submit\",\"v\":1,\"body\":{\"jobId\":\"j-1\",\"idempotencyKey\":\"k\",\"spec\":{\"name\":\"web\",\"tasks\":["
            + task + "]},\"taskIds\":[\"t-1\",\"t-2\"],\"atMillis\":1234}}");
  }

  /** The Raft log and the store must reproduce the task, so their encoding carries the values. */
  @Test
  void theLogEncodingCarriesTheValuesAndRoundTrips() {
    JobSpec spec = withSecret();
    SubmitJob s = new SubmitJob("j-1", null, spec, List.of("t-1"), 1L);
    assertThat(CommandCodec.decode(CommandCodec.encode(s))).isEqualTo(s);
    assertThat(new String(CommandCodec.encode(s), StandardCharsets.UTF_8)).contains("\"secrets\":{\"API_KEY\":\"k-123\",\"DB_PASSWORD\":\"" + VALUE + "\"}");
    assertThat(Json.read(Json.bytes(spec), JobSpec.class)).isEqualTo(spec);
  }

  @Test
  void toStringOfEveryRecordHoldingASpecNamesSecretsWithoutValues() {
    JobSpec spec = withSecret();
    SubmitJob s = new SubmitJob("j-1", null, spec, List.of("t-1"), 1L);
    for (Object o : List.of(spec.tasks().get(0).secrets(), spec.tasks().get(0), spec, s)) {
      assertThat(o.toString()).contains("DB_PASSWORD").doesNotContain(VALUE).doesNotContain("k-123");
    }
    assertThat(spec.tasks().get(0).secrets().toString()).isEqualTo("{API_KEY=<redacted>, DB_PASSWORD=<redacted>}");
  }

  @Test
  void aJobViewShowsNamesWithRedactedValues() {
    JobView v = new JobView("j-1", "web", "PENDING", null, null, withSecret(), List.of());
    String body = Json.string(v);
    assertThat(body).doesNotContain(VALUE).doesNotContain("k-123")
        .contains("\"secrets\":{\"API_KEY\":\"<redacted>\",\"DB_PASSWORD\":\"<redacted>\"}")
        .contains("\"env\":{\"LOG_LEVEL\":\"debug\"}");
    JobSpec plain = parse(task(""));
    assertThat(new JobView("j-2", "web", "PENDING", null, null, plain, List.of()).spec()).isSameAs(plain);
  }

  @Test
  void badSecretsAreRefusedNamingTheSecretButNeverItsValue() {
    assertThat(problems(task("    secrets: {db-password: " + VALUE + "}\n")))
        .containsExactly("tasks[0].secrets key 'db-password' must match [A-Za-z_][A-Za-z0-9_]*");
    assertThat(problems(task("    env: {DB_PASSWORD: a}\n    secrets: {DB_PASSWORD: " + VALUE + "}\n")))
        .containsExactly("tasks[0].secrets.DB_PASSWORD is also set in tasks[0].env; a name goes in one or the other");
    assertThat(problems(task("    secrets: {DB_PASSWORD: ~}\n"))).containsExactly("tasks[0].secrets.DB_PASSWORD must not be null");
    assertThat(problems(task("    secrets: {DB_PASSWORD: \"<redacted>\"}\n")))
        .containsExactly("tasks[0].secrets.DB_PASSWORD is \"<redacted>\", the placeholder views show; give the real value");
    assertThat(problems(task("    secrets: {DB_PASSWORD: \"" + VALUE + "\\0x\"}\n")))
        .containsExactly("tasks[0].secrets.DB_PASSWORD must not contain a NUL character");
    // A value of the wrong type is named by its field; the message never quotes what was given.
    assertThat(problems(task("    secrets: {DB_PASSWORD: [" + VALUE + "]}\n"))).singleElement().asString()
        .startsWith("tasks[0].secrets.DB_PASSWORD: expected a string").doesNotContain(VALUE);
    assertThat(problems(task("    secrets: [" + VALUE + "]\n"))).singleElement().asString()
        .startsWith("tasks[0].secrets: expected a mapping").doesNotContain(VALUE);
  }

  @Test
  void secretsAreBoundedInSizeAndNumber() {
    String atLimit = "x".repeat(JobSpecValidator.MAX_SECRET_CHARS);
    assertThat(parse(task("    secrets: {BIG: " + atLimit + "}\n")).tasks().get(0).secrets().values().get("BIG")).hasSize(atLimit.length());
    assertThat(problems(task("    secrets: {BIG: " + atLimit + "y}\n"))).containsExactly(
        "tasks[0].secrets.BIG must be at most " + JobSpecValidator.MAX_SECRET_CHARS + " characters (got "
            + (JobSpecValidator.MAX_SECRET_CHARS + 1) + ")");

    Map<String, String> many = new TreeMap<>();
    for (int i = 0; i < JobSpecValidator.MAX_SECRETS; i++) many.put("S" + i, "v");
    TaskSpec t = new TaskSpec("api", "img", List.of(), null, 1, null, null);
    assertThat(JobSpecValidator.problems(new JobSpec("web", List.of(t.withSecrets(Secrets.of(many)))))).isEmpty();
    many.put("ONE_MORE", "v");
    assertThat(JobSpecValidator.problems(new JobSpec("web", List.of(t.withSecrets(Secrets.of(many))))))
        .containsExactly("tasks[0].secrets must list at most " + JobSpecValidator.MAX_SECRETS + " secrets (got "
            + (JobSpecValidator.MAX_SECRETS + 1) + ")");
  }
}
