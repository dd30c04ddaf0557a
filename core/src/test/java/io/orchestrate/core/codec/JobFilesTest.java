package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.core.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Job files as users write them: what parses, which defaults apply, and that every mistake names its field. */
class JobFilesTest {
  static final String ISSUE_EXAMPLE = """
      name: web
      tasks:
        - name: api
          image: local/busybox:1
          command: ["httpd", "-f", "-p", "8080"]
          count: 2
          resources: {cpu: 0.5, memoryMb: 128, diskMb: 50}
      """;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theIssueExampleParsesWithDefaultsApplied() {
    JobSpec spec = JobFiles.parse(b(ISSUE_EXAMPLE));

    assertThat(spec.name()).isEqualTo("web");
    assertThat(spec.tasks()).hasSize(1);
    TaskSpec t = spec.tasks().get(0);
    assertThat(t.name()).isEqualTo("api");
    assertThat(t.image()).isEqualTo("local/busybox:1");
    assertThat(t.command()).containsExactly("httpd", "-f", "-p", "8080");
    assertThat(t.count()).isEqualTo(2);
    assertThat(t.resources()).isEqualTo(Resources.of(0.5, 128, 50));
    assertThat(t.env()).isEmpty();
    assertThat(t.restart().policy()).isEqualTo(RestartPolicy.Policy.ON_FAILURE);
    assertThat(t.restart().maxRestarts()).isEqualTo(RestartPolicy.DEFAULT_MAX_RESTARTS);
    assertThat(t.restart().delaySeconds()).isEqualTo(RestartPolicy.DEFAULT_DELAY_SECONDS);
    assertThat(spec.instanceCount()).isEqualTo(2);
  }

  @Test
  void leftOutFieldsTakeTheirDefaults() {
    JobSpec spec = JobFiles.parse(b("name: x\ntasks:\n  - name: t\n    image: busybox\n"));
    TaskSpec t = spec.tasks().get(0);

    assertThat(t.count()).isEqualTo(TaskSpec.DEFAULT_COUNT);
    assertThat(t.resources()).isEqualTo(Resources.of(Resources.DEFAULT_CPU, Resources.DEFAULT_MEMORY_MB, Resources.DEFAULT_DISK_MB));
    assertThat(t.command()).isEmpty();
    assertThat(t.restart()).isEqualTo(RestartPolicy.defaults());
  }

  @Test
  void jsonParsesToTheSameSpecAsYaml() {
    String json = """
        {"name": "web", "tasks": [{"name": "api", "image": "local/busybox:1",
          "command": ["httpd", "-f", "-p", "8080"], "count": 2,
          "resources": {"cpu": 0.5, "memoryMb": 128, "diskMb": 50}}]}
        """;
    assertThat(JobFiles.looksLikeJson(b(json))).isTrue();
    assertThat(JobFiles.parse(b(json))).isEqualTo(JobFiles.parse(b(ISSUE_EXAMPLE)));
  }

  @Test
  void restartPolicyAndEnvAreRead() {
    JobSpec spec = JobFiles.parse(b("""
        name: x
        tasks:
          - name: t
            image: busybox
            env: {B: "2", A: "1"}
            restart: {policy: always, maxRestarts: 0, delaySeconds: 5}
        """));
    TaskSpec t = spec.tasks().get(0);
    assertThat(t.env()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    assertThat(t.restart()).isEqualTo(new RestartPolicy(RestartPolicy.Policy.ALWAYS, 0, 5));
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("zero memory in the second task", """
            name: web
            tasks:
              - {name: a, image: busybox}
              - {name: b, image: busybox, resources: {memoryMb: 0}}
            """, "tasks[1].resources.memoryMb must be > 0"),
        Arguments.of("negative memory", """
            name: web
            tasks: [{name: a, image: busybox, resources: {memoryMb: -5}}]
            """, "tasks[0].resources.memoryMb must be > 0 (got -5)"),
        Arguments.of("missing image", """
            name: web
            tasks: [{name: a}]
            """, "tasks[0].image is required"),
        Arguments.of("count 0", """
            name: web
            tasks: [{name: a, image: busybox, count: 0}]
            """, "tasks[0].count must be >= 1"),
        Arguments.of("unknown field", """
            name: web
            tasks: [{name: a, image: busybox, resources: {memroyMb: 64}}]
            """, "unknown field 'memroyMb'"),
        Arguments.of("wrong type", """
            name: web
            tasks: [{name: a, image: busybox, count: "two"}]
            """, "tasks[0].count"),
        Arguments.of("malformed YAML", "name: web\ntasks:\n  - name: a\n   image: [busybox\n", "line 4"),
        Arguments.of("duplicate task names", """
            name: web
            tasks: [{name: api, image: busybox}, {name: api, image: busybox}]
            """, "tasks[1].name 'api' is used by an earlier task"),
        Arguments.of("bad name characters", """
            name: Web_1
            tasks: [{name: a, image: busybox}]
            """, "name 'Web_1' must be lowercase"),
        Arguments.of("bad task name characters", """
            name: web
            tasks: [{name: "-api", image: busybox}]
            """, "tasks[0].name '-api' must be lowercase"),
        Arguments.of("empty tasks", "name: web\ntasks: []\n", "tasks must list at least one task"),
        Arguments.of("no tasks key", "name: web\n", "tasks must list at least one task"),
        Arguments.of("bad restart policy word", """
            name: web
            tasks: [{name: a, image: busybox, restart: {policy: sometimes}}]
            """, "tasks[0].restart.policy"),
        Arguments.of("invalid env key", """
            name: web
            tasks: [{name: a, image: busybox, env: {"1BAD": x}}]
            """, "tasks[0].env key '1BAD' must match"),
        Arguments.of("empty file", "", "job file is empty"),
        Arguments.of("blank file", "  \n\n", "job file is empty"),
        Arguments.of("zero cpu", """
            name: web
            tasks: [{name: a, image: busybox, resources: {cpu: 0}}]
            """, "tasks[0].resources.cpu must be > 0"),
        Arguments.of("missing job name", "tasks: [{name: a, image: busybox}]\n", "name is required"),
        Arguments.of("image with whitespace", """
            name: web
            tasks: [{name: a, image: "busy box"}]
            """, "tasks[0].image must not contain whitespace"),
        Arguments.of("negative restarts", """
            name: web
            tasks: [{name: a, image: busybox, restart: {maxRestarts: -1}}]
            """, "tasks[0].restart.maxRestarts must be between 0 and"),
        Arguments.of("malformed JSON", "{\"name\": \"web\", \"tasks\": [}", "line: 1"),
        Arguments.of("malformed JSON at the top", "{\"name\": \"web\",,}", "malformed JSON at line 1"),
        Arguments.of("count too large", """
            name: web
            tasks: [{name: a, image: busybox, count: 1001}]
            """, "tasks[0].count must be <= 1000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void everyMistakeNamesItsField(String what, String file, String expected) {
    assertThatThrownBy(() -> JobFiles.parse(b(file)))
        .as(what)
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void aWrongTypeSaysWhatWasExpectedAndWhere() {
    assertThatThrownBy(() -> JobFiles.parse(b("name: web\ntasks: [{name: a, image: busybox, count: \"two\"}]\n")))
        .hasMessageStartingWith("tasks[0].count: ")
        .hasMessageContaining("expected an integer")
        .hasMessageContaining("line 2");
  }

  @Test
  void aKeyGivenTwiceIsRefusedByName() {
    // Read one way here and another way by a different parser: never accept it.
    assertThatThrownBy(() -> JobFiles.parse(b("{\"name\": \"web\", \"name\": \"db\", \"tasks\": [{\"name\": \"a\", \"image\": \"busybox\"}]}")))
        .isInstanceOf(io.orchestrate.core.spec.InvalidSpecException.class)
        .hasMessageContaining("malformed JSON").hasMessageContaining("Duplicate field 'name'");
    assertThatThrownBy(() -> JobFiles.parse(b("name: web\ntasks:\n  - name: a\n    image: busybox\n    image: evil\n")))
        .isInstanceOf(io.orchestrate.core.spec.InvalidSpecException.class)
        .hasMessageContaining("malformed YAML").hasMessageContaining("Duplicate field 'image'");
  }

  @Test
  void anUnknownFieldIsNamedWithItsPath() {
    assertThatThrownBy(() -> JobFiles.parse(b("name: web\ntasks: [{name: a, image: busybox, resources: {memroyMb: 64}}]\n")))
        .hasMessageStartingWith("tasks[0].resources")
        .hasMessageContaining("unknown field 'memroyMb'");
  }

  @Test
  void malformedYamlAtTheTopSaysMalformedAndWhichLine() {
    assertThatThrownBy(() -> JobFiles.parse(b("name: web\n  oops: [\n")))
        .hasMessageStartingWith("malformed YAML at line ");
  }

  @Test
  void malformedYamlInsideTheTaskListIsReportedAsSyntaxWithItsLine() {
    assertThatThrownBy(() -> JobFiles.parse(b("name: web\ntasks:\n  - name: a\n   image: [busybox\n")))
        .hasMessageStartingWith("malformed YAML at line ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void everyProblemOfAFileIsReportedNotJustTheFirst() {
    InvalidSpecException e = (InvalidSpecException) org.assertj.core.api.Assertions.catchThrowable(() -> JobFiles.parse(b("""
        name: web
        tasks:
          - {name: a, count: 0}
          - {name: b, image: busybox, resources: {memoryMb: 0, cpu: -1}}
        """)));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "tasks[0].image is required",
        "tasks[0].count must be >= 1 (got 0)",
        "tasks[1].resources.cpu must be > 0 (got -1.0)",
        "tasks[1].resources.memoryMb must be > 0 (got 0)");
  }

  @Test
  void validationAloneIsAvailableWithoutParsing() {
    JobSpec noTasks = new JobSpec("ok", List.of());
    assertThat(io.orchestrate.core.spec.JobSpecValidator.problems(noTasks)).containsExactly("tasks must list at least one task");
    assertThat(io.orchestrate.core.spec.JobSpecValidator.problems(null)).containsExactly("job must not be empty");
  }
}
