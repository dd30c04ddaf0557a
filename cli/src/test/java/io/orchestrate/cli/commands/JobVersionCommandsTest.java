package io.orchestrate.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.cli.CliRun;
import io.orchestrate.client.FakeManager;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.JobHistoryView;
import io.orchestrate.core.api.JobPlanView;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.spec.UpdatePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan}, {@code scale}, {@code job history} and {@code job revert} against a fake leader: what they send and print. */
class JobVersionCommandsTest {
  private final ManualTime time = new ManualTime();
  private final FakeManager leader = FakeManager.start("m1");
  @TempDir Path dir;

  @AfterEach
  void stop() {
    leader.close();
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--managers";
    all[args.length + 1] = leader.address();
    return CliRun.run(Map.of(), time, all);
  }

  private Path file(String content) throws Exception {
    Path f = dir.resolve("job.yaml");
    Files.writeString(f, content);
    return f;
  }

  private static final String WEB = """
      name: web
      tasks:
        - name: api
          image: local/busybox:1
          command: ["httpd", "-f"]
          count: 3
      """;

  @Test
  void planSendsADryRunAndPrintsTheDiffAndWhatWouldNotFit() throws Exception {
    leader.answer("POST", "/v1/jobs", 200, new JobPlanView("web", "j-1", 1, 2, false, List.of(
        new JobPlanView.Group("api", "replaced", List.of("count", "command"), 2, 3, 3, 2),
        new JobPlanView.Group("proxy", "unchanged", List.of(), 1, 1, 0, 0)), 3, 2, 2, false,
        List.of("api[2]: no ready node has 0.5 cpu free; best has 0.2"), List.of("scheduler: default -> spread")));

    CliRun r = run("plan", "-f", file(WEB).toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    FakeManager.Request sent = leader.requests().get(0);
    assertThat(sent.param("dryRun")).isEqualTo("true");
    assertThat(sent.bodyText()).isEqualTo(WEB);
    assertThat(r.out().lines().toList()).containsExactly(
        "job web (j-1): version 1 -> 2",
        "job: scheduler: default -> spread",
        "GROUP  CHANGE     COUNT   FIELDS          CREATE  STOP",
        "api    replaced   2 -> 3  count, command  3       2",
        "proxy  unchanged  1       -               0       0",
        "api: replaced at once: 2 stopped, 3 created (no update block)",
        "tasks: 3 created (2 of them replacing), 2 stopped",
        "placement: 1 new task(s) would not fit now:",
        "  api[2]: no ready node has 0.5 cpu free; best has 0.2");
  }

  @Test
  void planSaysAGroupWithAnUpdateBlockRollsAndACountChangeScales() throws Exception {
    leader.answer("POST", "/v1/jobs", 200, new JobPlanView("web", "j-1", 1, 2, false, List.of(
        new JobPlanView.Group("api", "replaced", List.of("command"), 3, 3, 3, 3, new UpdatePolicy(1, 5, 60, true, UpdatePolicy.START_FIRST)),
        new JobPlanView.Group("proxy", "scaled", List.of("count"), 1, 2, 1, 0),
        new JobPlanView.Group("db", "replaced", List.of("image", "count"), 2, 1, 1, 2, new UpdatePolicy(2, 10, 300, false, UpdatePolicy.STOP_FIRST))),
        5, 4, 5, true, List.of(), List.of()));

    CliRun r = run("plan", "-f", file(WEB).toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList()).containsExactly(
        "job web (j-1): version 1 -> 2",
        "GROUP  CHANGE   COUNT   FIELDS        CREATE  STOP",
        "api    rolling  3       command       3       3",
        "proxy  scaled   1 -> 2  count         1       0",
        "db     rolling  2 -> 1  image, count  1       2",
        "api: rolling: 3 tasks replaced 1 at a time, start-first (each healthy for 5s within 60s, or the job is reverted)",
        "proxy: scale 1 -> 2: 1 created, the others keep running",
        "db: rolling: 2 tasks replaced by 1 new 2 at a time, stop-first (each healthy for 10s within 300s, or the deployment fails)",
        "tasks: 5 created (4 of them replacing), 5 stopped",
        "placement: every new task fits a ready node now");
  }

  @Test
  void planSaysWhenTheFileIsTheLiveVersion() throws Exception {
    leader.answer("POST", "/v1/jobs", 200, new JobPlanView("web", "j-1", 4, 4, true, List.of(), 0, 0, 0, true, List.of(), List.of()));
    CliRun r = run("plan", "-f", file(WEB).toString());
    assertThat(r.out()).isEqualTo("job web (j-1): unchanged, version 4; running the file changes nothing" + System.lineSeparator());
  }

  @Test
  void planRefusesAnInvalidFileNamingTheFieldBeforeAskingAnyManager() throws Exception {
    CliRun r = run("plan", "-f", file(WEB.replace("count: 3", "count: 0")).toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("tasks[0].count must be >= 1");
    assertThat(leader.requests()).isEmpty();
  }

  @Test
  void scaleSendsGroupAndCountAndSaysTheNewVersion() throws Exception {
    leader.answer("POST", "/v1/jobs/web/scale", 200, new JobView("j-1", "web", "running", "2026-01-01T00:00:00Z", null, null, List.of(), 3, null));

    CliRun r = run("scale", "web", "api", "5");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Json.lenient().readTree(leader.requests().get(0).bodyText())).isEqualTo(Json.lenient().readTree("{\"group\":\"api\",\"count\":5}"));
    assertThat(r.out()).startsWith("job web is at version 3: api count 5");
  }

  @Test
  void scaleRefusesACountBelowOneNamingTheArgument() {
    CliRun r = run("scale", "web", "api", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("N (the count) must be >= 1 (got 0)");
    assertThat(leader.requests()).isEmpty();
  }

  @Test
  void scaleShowsTheServersRefusalNamingTheGroup() {
    leader.answer("POST", "/v1/jobs/web/scale", 400, new ErrorBody("group 'db' is not in job web (its groups: api, proxy)", ErrorCode.BAD_REQUEST));
    CliRun r = run("scale", "web", "db", "2");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("group 'db' is not in job web (its groups: api, proxy)");
  }

  @Test
  void historyListsTheVersionsAndMarksTheCurrentOne() {
    leader.answer("GET", "/v1/jobs/web/versions", 200, new JobHistoryView("j-1", "web", 3, List.of(
        new JobHistoryView.Version(1, "2026-01-01T00:00:00Z", List.of(), null),
        new JobHistoryView.Version(2, "2026-01-01T00:01:00Z", List.of("api: count 2 -> 4"), "scale api to 4"),
        new JobHistoryView.Version(3, "2026-01-01T00:02:00Z", List.of("api: replaced (command)", "db: added, count 1"), "run"))));

    CliRun r = run("job", "history", "web");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList()).containsExactly(
        "job web (j-1), version 3",
        "VERSION  SUBMITTED             HOW             CHANGES",
        "1        2026-01-01T00:00:00Z  run             first version",
        "2        2026-01-01T00:01:00Z  scale api to 4  api: count 2 -> 4",
        "*3       2026-01-01T00:02:00Z  run             api: replaced (command); db: added, count 1");
  }

  @Test
  void revertSendsTheVersionAndSaysWhenNothingChanged() throws Exception {
    leader.answer("POST", "/v1/jobs/web/revert", 200, new JobView("j-1", "web", "running", "2026-01-01T00:00:00Z", null, null, List.of(), 3, true));

    CliRun r = run("job", "revert", "web", "3");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Json.lenient().readTree(leader.requests().get(0).bodyText())).isEqualTo(Json.lenient().readTree("{\"version\":3}"));
    assertThat(r.out()).startsWith("job web unchanged, version 3");
  }

  @Test
  void revertRefusesAVersionBelowOne() {
    CliRun r = run("job", "revert", "web", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("VERSION must be >= 1 (got 0)");
  }

  @Test
  void helpExplainsWhatEachCommandChanges() {
    assertThat(run("scale", "--help").out()).contains("highest-numbered instances").contains("safe to repeat");
    assertThat(run("plan", "--help").out()).contains("without changing anything").contains("scheduler's reason");
    assertThat(run("job", "history", "--help").out()).contains("last 10 versions");
    assertThat(run("job", "revert", "--help").out()).contains("as a new version");
    assertThat(run("run", "--help").out()).contains("identified by its name among live jobs");
  }

  @Test
  void runSaysUnchangedOnStandardErrorAndKeepsTheIdOnStandardOutput() throws Exception {
    leader.answer("POST", "/v1/jobs", 200, new JobView("j-1", "web", "running", "2026-01-01T00:00:00Z", null, null, List.of(), 2, true));
    CliRun r = run("run", "-f", file(WEB).toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("j-1" + System.lineSeparator());
    assertThat(r.err()).contains("job web unchanged, version 2");
    assertThat(new String(leader.requests().get(0).body(), StandardCharsets.UTF_8)).isEqualTo(WEB);
  }
}
