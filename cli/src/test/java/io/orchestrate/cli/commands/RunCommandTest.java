package io.orchestrate.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.cli.CliRun;
import io.orchestrate.client.FakeManager;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  static final String JOB_YAML = "name: web\ntasks:\n  - name: api\n    image: busybox\n    count: 2\n";
  private static final JobView CREATED = new JobView("j-7", "web", "pending", "2024-01-01T00:00:00Z", null, null, List.of());

  @TempDir Path dir;
  private final ManualTime time = new ManualTime();
  private final FakeManager leader = FakeManager.start("m1");

  @AfterEach
  void stop() {
    leader.close();
  }

  private Path file(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void submitsTheFileAsIsAndPrintsOnlyTheJobId() throws IOException {
    leader.answer("POST", "/v1/jobs", 201, CREATED);
    Path job = file("job.yaml", JOB_YAML);

    CliRun r = CliRun.run(time, "run", "-f", job.toString(), "--managers", leader.address(), "--idempotency-key", "deploy-42");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("j-7" + System.lineSeparator());
    FakeManager.Request sent = leader.requests().get(0);
    assertThat(sent.bodyText()).isEqualTo(JOB_YAML);
    assertThat(sent.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(sent.header("Idempotency-Key")).isEqualTo("deploy-42");
  }

  @Test
  void generatesOneKeyPerInvocationAndKeepsItAcrossRetries() throws IOException {
    leader.answer("POST", "/v1/jobs", 201, CREATED)
        .answerNext(503, Map.of("Retry-After", "1"), new ErrorBody("no leader", ErrorCode.UNAVAILABLE));
    Path job = file("job.yaml", JOB_YAML);

    CliRun first = CliRun.run(time, "run", "-f", job.toString(), "--managers", leader.address());
    CliRun second = CliRun.run(time, "run", "-f", job.toString(), "--managers", leader.address());

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    List<String> keys = leader.requests().stream().map(q -> q.header("Idempotency-Key")).toList();
    assertThat(keys).hasSize(3).doesNotContainNull();
    assertThat(keys.get(0)).as("the retry after 503 reuses the key").isEqualTo(keys.get(1));
    assertThat(keys.get(2)).as("a new invocation is a new submission").isNotEqualTo(keys.get(0));
  }

  @Test
  void anInvalidJobFileIsRejectedLocallyNamingTheFieldWithoutContactingAManager() throws IOException {
    Path job = file("job.yaml", "name: web\ntasks:\n  - name: api\n    count: 2\n");

    CliRun r = CliRun.run(time, "run", "-f", job.toString(), "--managers", leader.address());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("tasks[0].image is required").contains(job.toString());
    assertThat(leader.requests()).isEmpty();
  }

  @Test
  void aMistypedFieldIsNamedToo() throws IOException {
    Path job = file("job.yaml", "name: web\ntasks:\n  - name: api\n    image: busybox\n    resources: {memroyMb: 5}\n");

    CliRun r = CliRun.run(time, "run", "-f", job.toString(), "--managers", FakeManager.closedAddress());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("tasks[0].resources").contains("memroyMb");
  }

  @Test
  void aMissingFileIsAUsageError() {
    CliRun r = CliRun.run(time, "run", "-f", dir.resolve("nope.yaml").toString(), "--managers", leader.address());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("nope.yaml does not exist");
    assertThat(leader.requests()).isEmpty();
  }

  @Test
  void aKeyThatCannotBeAHeaderIsAUsageError() throws IOException {
    Path job = file("job.yaml", JOB_YAML);

    CliRun r = CliRun.run(time, "run", "-f", job.toString(), "--managers", leader.address(), "--idempotency-key", "has space");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--idempotency-key");
  }

  @Test
  void theServersRejectionIsShownWithExitOne() throws IOException {
    leader.answer("POST", "/v1/jobs", 400, new ErrorBody("tasks[0].resources.memoryMb exceeds every node", ErrorCode.INVALID_SPEC));
    Path job = file("job.yaml", JOB_YAML);

    CliRun r = CliRun.run(time, "run", "-f", job.toString(), "--managers", leader.address());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("tasks[0].resources.memoryMb exceeds every node").contains("invalid_spec");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void jsonOutputIsTheApisJobView() throws IOException {
    leader.answer("POST", "/v1/jobs", 201, CREATED);
    Path job = file("job.yaml", JOB_YAML);

    CliRun r = CliRun.run(time, "run", "-f", job.toString(), "--managers", leader.address(), "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Json.lenient().readValue(r.out(), JobView.class)).isEqualTo(CREATED);
  }

  @Test
  void waitPollsUntilEveryTaskRuns() throws IOException {
    TaskView pending = new TaskView("t-1", "j-7", "api", 0, "PENDING", null, 0, null, null, "no ready node has 64 MB free", null, 0, null, null);
    TaskView running0 = new TaskView("t-1", "j-7", "api", 0, "RUNNING", "w1", 0, "c1", null, null, null, 0, null, null);
    TaskView running1 = new TaskView("t-2", "j-7", "api", 1, "RUNNING", "w2", 0, "c2", null, null, null, 0, null, null);
    leader.answer("POST", "/v1/jobs", 201, CREATED)
        .answer("GET", "/v1/jobs/j-7", 200, new JobView("j-7", "web", "running", null, null, null, List.of(running0, running1)))
        .answerNext(201, Map.of(), CREATED)
        .answerNext(200, Map.of(), new JobView("j-7", "web", "pending", null, null, null, List.of(pending)));
    Path job = file("job.yaml", JOB_YAML);

    CliRun r = CliRun.run(time, "run", "-f", job.toString(), "--managers", leader.address(), "--wait");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("j-7" + System.lineSeparator());
    assertThat(r.err()).contains("0/2 tasks running; api/0 PENDING: no ready node has 64 MB free").contains("2/2 tasks running");
    assertThat(time.sleeps()).containsExactly(JobWait.POLL);
  }

  @Test
  void waitFailsWhenTheJobFailsOrTimeRunsOut() throws IOException {
    TaskView failed = new TaskView("t-1", "j-7", "api", 0, "FAILED", "w1", 3, "c1", 1, "exited with 1", null, 0, null, null);
    leader.answer("POST", "/v1/jobs", 201, CREATED)
        .answer("GET", "/v1/jobs/j-7", 200, new JobView("j-7", "web", "failed", null, null, null, List.of(failed)));
    Path job = file("job.yaml", JOB_YAML);

    CliRun r = CliRun.run(time, "run", "-f", job.toString(), "--managers", leader.address(), "--wait");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("failed").contains("exited with 1");

    leader.answer("GET", "/v1/jobs/j-7", 200, new JobView("j-7", "web", "pending", null, null, null, List.of()));
    CliRun slow = CliRun.run(time, "run", "-f", job.toString(), "--managers", leader.address(), "--wait", "--wait-timeout", "5s");

    assertThat(slow.exitCode()).isEqualTo(1);
    assertThat(slow.err()).contains("gave up waiting after 5s");
    assertThat(time.slept()).isEqualTo(Duration.ofSeconds(5));
  }
}
