package io.orchestrate.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.CliRun;
import io.orchestrate.cli.OrchestrateCli;
import io.orchestrate.client.FakeManager;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.api.JobList;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.TaskList;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.codec.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** tasks and status page through long listings: every page is followed, rows print as pages arrive, --limit caps them. */
class ListingCommandsTest {
  private final ManualTime time = new ManualTime();
  private final FakeManager leader = FakeManager.start("m1");

  @AfterEach
  void stop() {
    leader.close();
  }

  private CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--managers", leader.address()));
    return CliRun.run(time, all.toArray(String[]::new));
  }

  private static TaskView task(int i) {
    return new TaskView(String.format("t-%05d", i), "j-1", "api", i, "RUNNING", "w1", 0, null, null, null, null, 0, null, null);
  }

  /** Like the API: a page of {@code limit} (default 1000) after cursor "c<i>", the next cursor in X-Next-Cursor. */
  private void servesTasks(int total) {
    leader.route("GET", "/v1/tasks", req -> {
      int limit = req.param("limit") == null ? 1000 : Integer.parseInt(req.param("limit"));
      int from = req.param("next") == null ? 0 : Integer.parseInt(req.param("next").substring(1));
      List<TaskView> page = new ArrayList<>();
      for (int i = from; i < Math.min(total, from + limit); i++) page.add(task(i));
      int end = from + page.size();
      return FakeManager.reply(200, end < total ? Map.of("X-Next-Cursor", "c" + end) : Map.of(), new TaskList(page));
    });
  }

  private static List<String> rows(String out) {
    return out.lines().skip(1).toList();
  }

  @Test
  void tasksFollowsEveryPage() {
    servesTasks(2_500);

    CliRun r = run("tasks");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines().findFirst().orElseThrow()).matches("ID +JOB +TASK +STATE +NODE +RESTARTS +CONTAINER +REASON");
    assertThat(rows(r.out())).hasSize(2_500).doesNotHaveDuplicates();
    assertThat(rows(r.out()).get(2_499)).startsWith("t-02499 ");
    assertThat(leader.requests()).extracting(q -> q.param("next")).containsExactly(null, "c1000", "c2000");
  }

  @Test
  void tasksPrintsAPageBeforeItAsksForTheNext() {
    servesTasks(1_500);
    StringWriter out = new StringWriter();
    Map<String, String> printedWhenAsked = new ConcurrentHashMap<>();
    leader.route("GET", "/v1/tasks", req -> {
      if (req.param("next") != null) {
        printedWhenAsked.put(req.param("next"), out.toString());
        return FakeManager.reply(200, Map.of(), new TaskList(List.of(task(1_000))));
      }
      List<TaskView> first = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) first.add(task(i));
      return FakeManager.reply(200, Map.of("X-Next-Cursor", "c1000"), new TaskList(first));
    });

    int code = OrchestrateCli.commandLine(new CliEnvironment(Map.of(), time))
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
        .execute("tasks", "--managers", leader.address());

    assertThat(code).isZero();
    assertThat(printedWhenAsked.get("c1000").lines()).as("the first page was on the screen when the second was requested")
        .hasSize(1_001).last().asString().startsWith("t-00999 ");
    assertThat(rows(out.toString())).hasSize(1_001);
  }

  @Test
  void limitCapsTheRowsAndTheRequest() {
    servesTasks(2_500);

    CliRun r = run("tasks", "--limit", "1200");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(rows(r.out())).hasSize(1_200);
    assertThat(leader.requests()).extracting(q -> q.param("limit")).containsExactly(null, "200");
  }

  @Test
  void filtersGoToTheManagerAndABadStateIsAUsageError() {
    servesTasks(3);

    CliRun r = run("tasks", "--job", "web", "--node", "w1", "--state", "running");
    CliRun bad = run("tasks", "--state", "sleeping");
    CliRun zero = run("tasks", "--limit", "0");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(leader.requests().get(0).query()).isEqualTo("job=web&node=w1&state=running");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--state must be one of PENDING").contains("'sleeping'");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("--limit must be at least 1");
    assertThat(leader.requests()).as("no request for a usage error").hasSize(1);
  }

  @Test
  void jsonIsOneDocumentShapedLikeTheApisAnswerWithEveryPage() throws Exception {
    ObjectNode newer = Json.lenient().valueToTree(task(1));
    newer.put("addedLater", 7);
    leader.route("GET", "/v1/tasks", req -> req.param("next") == null
        ? FakeManager.reply(200, Map.of("X-Next-Cursor", "c1"), "{\"tasks\":[" + newer + "]}")
        : FakeManager.reply(200, Map.of(), new TaskList(List.of(task(2)))));

    CliRun r = run("tasks", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode tree = Json.lenient().readTree(r.out());
    assertThat(tree.path("tasks")).extracting(t -> t.path("id").asText()).containsExactly("t-00001", "t-00002");
    assertThat(tree.at("/tasks/0/addedLater").asInt()).as("fields this client does not know are kept").isEqualTo(7);
  }

  @Test
  void statusPagesThroughJobs() {
    JobView a = new JobView("j-a", "web", "running", "2024-01-01T00:00:00Z", null, null, List.of(task(0)));
    JobView b = new JobView("j-b", "batch-with-a-long-name", "complete", "2024-01-02T00:00:00Z", null, null, List.of());
    leader.route("GET", "/v1/jobs", req -> req.param("next") == null
        ? FakeManager.reply(200, Map.of("X-Next-Cursor", "after-a"), new JobList(List.of(a)))
        : FakeManager.reply(200, Map.of(), new JobList(List.of(b))));

    CliRun r = run("status");
    CliRun capped = run("status", "--limit", "1");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList()).hasSize(3);
    assertThat(rows(r.out()).get(0)).matches("j-a +web +running +1 +1 +2024-01-01T00:00:00Z");
    assertThat(rows(r.out()).get(1)).matches("j-b +batch-with-a-long-name +complete +0 +0 +2024-01-02T00:00:00Z");
    assertThat(rows(capped.out())).hasSize(1);
  }
}
