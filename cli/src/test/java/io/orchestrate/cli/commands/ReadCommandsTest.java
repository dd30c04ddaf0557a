package io.orchestrate.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.client.FakeManager;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.JobList;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.MemberView;
import io.orchestrate.core.api.TaskList;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.codec.Json;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** status, stop, tasks, nodes and cluster against a fake leader: the right request goes out and the right columns come back. */
class ReadCommandsTest {
  private static final TaskView RUNNING = new TaskView(
      "t-1", "j-1", "api", 0, "RUNNING", "w1", 2, "0123456789abcdef0123", null, null, "2024-01-01T00:00:05Z", 0, null, null);
  private static final TaskView PENDING = new TaskView(
      "t-2", "j-1", "api", 1, "PENDING", null, 0, null, null, "no ready node has 4096 MB free memory", null, 0, null, null);
  private static final JobView JOB = new JobView("j-1", "web", "running", "2024-01-01T00:00:00Z", null, null, List.of(RUNNING, PENDING));
  private static final ClusterView CLUSTER = new ClusterView("m2", 4, "m1", List.of(
      new MemberView("m1", "10.0.0.1:9000", "10.0.0.1:8080", "10.0.0.1:7000", "FOLLOWER", 41),
      new MemberView("m2", "10.0.0.2:9000", "10.0.0.2:8080", "10.0.0.2:7000", "LEADER", 42),
      new MemberView("m3", "10.0.0.3:9000", "10.0.0.3:8080", "10.0.0.3:7000", "UNKNOWN", -1)));

  private final ManualTime time = new ManualTime();
  private final FakeManager leader = FakeManager.start("m1");

  @AfterEach
  void stop() {
    leader.close();
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--managers";
    all[args.length + 1] = leader.address();
    return CliRun.run(time, all);
  }

  private static List<String> lines(String s) {
    return s.lines().toList();
  }

  @Test
  void statusListsJobsWithTheirCounts() {
    leader.answer("GET", "/v1/jobs", 200, new JobList(List.of(JOB,
        new JobView("j-2", "batch", "complete", "2024-01-02T00:00:00Z", null, null, List.of()))));

    CliRun r = run("status");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = lines(r.out());
    assertThat(lines.get(0)).matches("ID +NAME +STATUS +TASKS +RUNNING +CREATED");
    assertThat(lines.get(1)).matches("j-1 +web +running +2 +1 +2024-01-01T00:00:00Z");
    assertThat(lines.get(2)).matches("j-2 +batch +complete +0 +0 +2024-01-02T00:00:00Z");
    assertThat(lines).hasSize(3);
  }

  @Test
  void statusOfOneJobShowsItsTasks() {
    leader.answer("GET", "/v1/jobs/j-1", 200, JOB);

    CliRun r = run("status", "j-1");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Job:      j-1 (web)").contains("Status:   running").contains("Tasks:    1/2 running");
    List<String> table = lines(r.out()).stream().dropWhile(l -> !l.startsWith("ID")).toList();
    assertThat(table.get(0)).matches("ID +TASK +STATE +NODE +RESTARTS +CONTAINER +REASON");
    assertThat(table.get(1)).as("container id shortened like docker's").matches("t-1 +api/0 +RUNNING +w1 +2 +0123456789ab +-");
    assertThat(table.get(2)).matches("t-2 +api/1 +PENDING +- +0 +- +no ready node has 4096 MB free memory");
  }

  @Test
  void statusOfAJobWithHealthChecksShowsAHealthColumn() {
    TaskView healthy = new TaskView("t-1", "j-1", "api", 0, "RUNNING", "w1", 0, "c1", null, null, null, 0, null, null, "healthy");
    TaskView failed = new TaskView("t-2", "j-1", "api", 1, "FAILED", "w2", 2, "c2", null, "unhealthy: connection refused; 2 restarts exhausted",
        null, 0, null, null, "unhealthy");
    TaskView noCheck = new TaskView("t-3", "j-1", "proxy", 0, "RUNNING", "w1", 0, "c3", null, null, null, 0, null, null);
    leader.answer("GET", "/v1/jobs/j-1", 200,
        new JobView("j-1", "web", "running", "2024-01-01T00:00:00Z", null, null, List.of(healthy, failed, noCheck)));

    CliRun r = run("status", "j-1");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> table = lines(r.out()).stream().dropWhile(l -> !l.startsWith("ID")).toList();
    assertThat(table.get(0)).matches("ID +TASK +STATE +HEALTH +NODE +RESTARTS +CONTAINER +REASON");
    assertThat(table.get(1)).matches("t-1 +api/0 +RUNNING +healthy +w1 +0 +c1 +-");
    assertThat(table.get(2)).matches("t-2 +api/1 +FAILED +unhealthy +w2 +2 +c2 +unhealthy: connection refused; 2 restarts exhausted");
    assertThat(table.get(3)).as("a task without a check shows none").matches("t-3 +proxy/0 +RUNNING +- +w1 +0 +c3 +-");
  }

  @Test
  void statusOfAnUnknownJobExitsOneWithTheServersMessage() {
    leader.answer("GET", "/v1/jobs/j-9", 404, new ErrorBody("job j-9 not found", ErrorCode.NOT_FOUND));

    CliRun r = run("status", "j-9");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("job j-9 not found").contains("not_found");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void statusJsonIsTheApisAnswer() throws Exception {
    leader.answer("GET", "/v1/jobs", 200, "{\"jobs\":[{\"id\":\"j-1\",\"name\":\"web\",\"status\":\"running\",\"addedLater\":7}]}");

    CliRun r = run("status", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode tree = Json.lenient().readTree(r.out());
    assertThat(tree.at("/jobs/0/id").asText()).isEqualTo("j-1");
    assertThat(tree.at("/jobs/0/addedLater").asInt()).as("fields this client does not know are kept").isEqualTo(7);
    assertThat(r.out()).as("pretty").contains("\n");
  }

  @Test
  void stopSendsDeleteAndSaysWhichJob() {
    leader.answer("DELETE", "/v1/jobs/j-1", 200, new JobView("j-1", "web", "stopped", null, "2024-01-03T00:00:00Z", null, null));

    CliRun r = run("stop", "j-1");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("stopped job j-1 (web)" + System.lineSeparator());
    assertThat(leader.requests()).extracting(FakeManager.Request::method).containsExactly("DELETE");
  }

  @Test
  void tasksFiltersByJobAndShowsTheJobColumn() {
    leader.answer("GET", "/v1/tasks", 200, new TaskList(List.of(RUNNING)));

    CliRun r = run("tasks", "--job", "j-1", "--stale");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(leader.requests().get(0).query()).isEqualTo("job=j-1&stale=true");
    List<String> lines = lines(r.out());
    assertThat(lines.get(0)).matches("ID +JOB +TASK +STATE +NODE +RESTARTS +CONTAINER +REASON");
    assertThat(lines.get(1)).matches("t-1 +j-1 +api/0 +RUNNING +w1 +2 +0123456789ab +-");
  }

  @Test
  void nodesShowsStateAllocationAgainstCapacityAndLiveFigures() {
    leader.answer("GET", "/v1/nodes", 200, """
        {"nodes":[
          {"id":"w1","state":"READY","address":"10.0.0.5","driver":"docker","tasks":3,
           "capacity":{"cpu":4.0,"memoryMb":8192,"diskMb":1000},"allocated":{"cpu":1.5,"memoryMb":512,"diskMb":0},
           "connected":true,"stats":{"cpuUsedPercent":12.4,"memoryUsedMb":900,"memoryTotalMb":8192}},
          {"id":"w2","state":"DRAINING","address":"10.0.0.6","driver":"process","tasks":0,"allows":["host-network","process-driver"],
           "capacity":{"cpu":2.0,"memoryMb":1024,"diskMb":0},"allocated":{"cpu":0.0,"memoryMb":0,"diskMb":0}}]}""");

    CliRun r = run("nodes");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = lines(r.out());
    assertThat(lines.get(0)).matches("ID +STATE +ADDRESS +DRIVER +TASKS +CPU +MEMORY MB +HOST CPU +HOST MEM MB +CONNECTED +ALLOWS");
    assertThat(lines.get(1)).matches("w1 +READY +10.0.0.5 +docker +3 +1.5/4.0 +512/8192 +12% +900/8192 +true +-");
    assertThat(lines.get(2)).matches("w2 +DRAINING +10.0.0.6 +process +0 +0.0/2.0 +0/1024 +- +- +- +host-network,process-driver");
  }

  @Test
  void clusterMembersShowsRolesAndAppliedIndex() {
    leader.answer("GET", "/v1/cluster", 200, CLUSTER);

    CliRun r = run("cluster", "members");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = lines(r.out());
    assertThat(lines.get(0)).isEqualTo("leader m2, term 4 (answered by m1)");
    assertThat(lines.get(1)).matches("ID +ROLE +API +RAFT +GATEWAY +APPLIED");
    assertThat(lines.get(3)).matches("m2 +LEADER +10.0.0.2:8080 +10.0.0.2:9000 +10.0.0.2:7000 +42");
    assertThat(lines.get(4)).matches("m3 +UNKNOWN +10.0.0.3:8080 +10.0.0.3:9000 +10.0.0.3:7000 +-");
  }

  @Test
  void clusterLeaderPrintsTheIdFirstAndExitsThreeWithoutOne() {
    leader.answer("GET", "/v1/cluster", 200, CLUSTER);

    CliRun r = run("cluster", "leader");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(lines(r.out())).containsExactly("m2", "term 4, api 10.0.0.2:8080");

    leader.answer("GET", "/v1/cluster", 200, new ClusterView(null, 5, "m1", CLUSTER.members()));
    CliRun none = run("cluster", "leader");
    assertThat(none.exitCode()).isEqualTo(3);
    assertThat(none.err()).contains("no leader");
  }

  @Test
  void transferLeadershipPostsTheTarget() throws Exception {
    leader.answer("POST", "/v1/cluster/transfer-leadership", 200, new ClusterView("m3", 5, "m3", CLUSTER.members()));

    CliRun r = run("cluster", "transfer-leadership", "m3");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("leader is now m3 (term 5)");
    FakeManager.Request sent = leader.requests().get(0);
    assertThat(Json.lenient().readTree(sent.body())).isEqualTo(Json.lenient().readTree("{\"target\":\"m3\"}"));
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void transferLeadershipToAnUnknownManagerIsRejected() {
    leader.answer("POST", "/v1/cluster/transfer-leadership", 400, new ErrorBody("target: no manager 'm9'", ErrorCode.BAD_REQUEST));

    CliRun r = run("cluster", "transfer-leadership", "m9");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("target: no manager 'm9'");
  }
}
