package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.spec.HealthCheck;
import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code health} block of a task in job files: parsing, defaults, errors that name the field, and encoding. */
class JobFilesHealthTest {
  private static JobSpec parse(String yaml) {
    return JobFiles.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static String task(String health) {
    return """
        name: web
        tasks:
          - name: api
            image: local/busybox:1
            health: %s
        """.formatted(health);
  }

  private static List<String> problems(String health) {
    try {
      parse(task(health));
    } catch (InvalidSpecException e) {
      return e.problems();
    }
    throw new AssertionError("accepted: " + health);
  }

  @Test
  void anHttpCheckKeepsEveryFieldGiven() {
    HealthCheck h = parse(task("{type: http, path: /ready, port: 8080, intervalSeconds: 5, timeoutSeconds: 2, failureThreshold: 4, "
        + "gracePeriodSeconds: 30}")).tasks().get(0).health();
    assertThat(h).isEqualTo(new HealthCheck(HealthCheck.Type.HTTP, "/ready", 8080, List.of(), 5, 2, 4, 30));
  }

  @Test
  void leftOutFieldsTakeTheirDefaults() {
    HealthCheck h = parse(task("{type: http, port: 80}")).tasks().get(0).health();
    assertThat(h.path()).isEqualTo("/");
    assertThat(h.intervalSeconds()).isEqualTo(HealthCheck.DEFAULT_INTERVAL_SECONDS);
    assertThat(h.timeoutSeconds()).isEqualTo(HealthCheck.DEFAULT_TIMEOUT_SECONDS);
    assertThat(h.failureThreshold()).isEqualTo(HealthCheck.DEFAULT_FAILURE_THRESHOLD);
    assertThat(h.gracePeriodSeconds()).isZero();

    HealthCheck tcp = parse(task("{type: tcp, port: 5432}")).tasks().get(0).health();
    assertThat(tcp.path()).as("no path for a tcp check").isNull();
    assertThat(parse(task("{type: TCP, port: 1}")).tasks().get(0).health().type()).isEqualTo(HealthCheck.Type.TCP);
  }

  @Test
  void aCommandCheckKeepsItsArgv() {
    HealthCheck h = parse(task("{type: command, command: [\"sh\", \"-c\", \"test -f /tmp/ready\"]}")).tasks().get(0).health();
    assertThat(h.type()).isEqualTo(HealthCheck.Type.COMMAND);
    assertThat(h.command()).containsExactly("sh", "-c", "test -f /tmp/ready");
    assertThat(h.port()).isNull();
  }

  @Test
  void aTaskWithoutTheBlockHasNoCheck() {
    JobSpec spec = parse("""
        name: web
        tasks:
          - name: api
            image: local/busybox:1
        """);
    assertThat(spec.tasks().get(0).health()).isNull();
  }

  @Test
  void badValuesAreNamedByTheirField() {
    assertThat(problems("{type: http, port: 70000}")).containsExactly("tasks[0].health.port must be between 1 and 65535 (got 70000)");
    assertThat(problems("{type: tcp, port: 0}")).containsExactly("tasks[0].health.port must be between 1 and 65535 (got 0)");
    assertThat(problems("{type: tcp}")).containsExactly("tasks[0].health.port is required");
    assertThat(problems("{port: 80}")).containsExactly("tasks[0].health.type is required (http, tcp or command)");
    assertThat(problems("{type: http, port: 80, path: ready}")).containsExactly("tasks[0].health.path must start with '/' (got 'ready')");
    assertThat(problems("{type: command}")).containsExactly("tasks[0].health.command is required for type command");
    assertThat(problems("{type: command, command: [\"true\"], port: 80}")).containsExactly("tasks[0].health.port is only for types http and tcp");
    assertThat(problems("{type: tcp, port: 80, command: [\"true\"]}")).containsExactly("tasks[0].health.command is only for type command");
    assertThat(problems("{type: tcp, port: 80, intervalSeconds: 0, timeoutSeconds: 0, failureThreshold: 0, gracePeriodSeconds: -1}"))
        .containsExactly(
            "tasks[0].health.intervalSeconds must be between 1 and 3600 (got 0)",
            "tasks[0].health.timeoutSeconds must be between 1 and 3600 (got 0)",
            "tasks[0].health.failureThreshold must be between 1 and 100 (got 0)",
            "tasks[0].health.gracePeriodSeconds must be between 0 and 3600 (got -1)");
  }

  @Test
  void anUnknownTypeOrFieldIsNamedByItsPath() {
    assertThatThrownBy(() -> parse(task("{type: grpc, port: 80}")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("tasks[0].health.type")
        .hasMessageContaining("must be one of http, tcp, command (got 'grpc')");
    assertThatThrownBy(() -> parse(task("{type: tcp, port: 80, intervall: 5}")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("tasks[0].health.intervall: unknown field 'intervall'");
    assertThatThrownBy(() -> parse(task("{type: tcp, port: eighty}")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("tasks[0].health.port: expected an integer");
  }

  @Test
  void jsonJobFilesCarryTheBlockToo() {
    JobSpec spec = JobFiles.parse("""
        {"name": "web", "tasks": [{"name": "api", "image": "img", "health": {"type": "tcp", "port": 6379, "failureThreshold": 1}}]}
        """.getBytes(StandardCharsets.UTF_8));
    assertThat(spec.tasks().get(0).health()).isEqualTo(HealthCheck.tcp(6379).withTimings(10, 2, 1, 0));
  }

  @Test
  void aSpecRoundTripsAndOneWithoutACheckEncodesWithoutTheField() {
    TaskSpec plain = new TaskSpec("api", "img", List.of(), null, 1, null, null);
    assertThat(Json.string(plain)).doesNotContain("health");

    TaskSpec checked = new TaskSpec("api", "img", List.of(), null, 1, null, null, null, HealthCheck.http("/", 8080));
    TaskSpec back = Json.read(Json.bytes(checked), TaskSpec.class);
    assertThat(back).isEqualTo(checked);
    assertThat(back.health().path()).isEqualTo("/");
  }
}
