package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.manager.ManagerHooks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job versions on a 3-manager cluster with a process-driver worker: the same file again changes
 * nothing, a changed command replaces the group's tasks, scale touches only the difference, plan
 * changes nothing, history and revert, a failover right after a change, and a level-2 cluster.
 */
class JobVersionsIT {
  @TempDir Path dir;

  static byte[] web(String apiCommand, int apiCount, double apiCpu) {
    return ("""
        name: web
        tasks:
          - name: api
            image: local/busybox:1
            command: ["sh", "-c", "%s"]
            count: %d
            resources: {cpu: %s, memoryMb: 32, diskMb: 10}
          - name: proxy
            image: local/busybox:1
            command: ["sh", "-c", "sleep 3600"]
            count: 1
            resources: {cpu: 0.1, memoryMb: 16, diskMb: 10}
        """).formatted(apiCommand, apiCount, apiCpu).getBytes(StandardCharsets.UTF_8);
  }

  static final byte[] V1 = web("sleep 3600", 2, 0.2);

  private static JsonNode job(MiniCluster c, String name) {
    HttpApi.Reply r = c.http().get(c.api(c.leader().id()), "/v1/jobs/" + name);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  /** The job's tasks by id, as {group, index, state, jobVersion}. */
  private static Map<String, JsonNode> tasks(JsonNode job) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode t : job.path("tasks")) out.put(t.path("id").asText(), t);
    return out;
  }

  private static List<String> live(JsonNode job, String group) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : job.path("tasks")) {
      String s = t.path("state").asText();
      if (t.path("name").asText().equals(group) && (s.equals("PENDING") || s.equals("SCHEDULED") || s.equals("RUNNING"))) out.add(t.path("id").asText());
    }
    return out;
  }

  private static void awaitRunning(MiniCluster c, int liveTasks) {
    await(liveTasks + " tasks of web RUNNING").atMost(MiniCluster.WAIT).ignoreExceptions().until(() -> {
      JsonNode j = job(c, "web");
      int running = 0;
      for (JsonNode t : j.path("tasks")) if (t.path("state").asText().equals("RUNNING")) running++;
      return running == liveTasks && live(j, "api").size() + live(j, "proxy").size() == liveTasks;
    });
  }

  private static HttpApi.Reply post(MiniCluster c, String path, String json) {
    return c.http().postFollowing(c.api(c.leader().id()), path, json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"), 3);
  }

  private static HttpApi.Reply plan(MiniCluster c, byte[] file) {
    return c.http().postFollowing(c.api(c.leader().id()), "/v1/jobs?dryRun=true", file, Map.of(), 3);
  }

  @Test
  void versionsScaleReplaceRevertAndPlanThroughTheLog() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      c.startWorker("w1", "process", Resources.of(4, 1024, 1000));
      HttpApi.Reply first = c.submit(V1, null);
      assertThat(first.status()).as(first.text()).isEqualTo(201);
      assertThat(first.json().path("version").asInt()).isEqualTo(1);
      String jobId = first.json().path("id").asText();
      awaitRunning(c, 3);
      Map<String, JsonNode> v1 = tasks(job(c, "web"));

      // The same file again: no new version, no new task, nothing written to the log.
      JsonNode before = c.digest(c.leader().id());
      HttpApi.Reply again = c.submit(V1, null);
      assertThat(again.status()).as(again.text()).isEqualTo(200);
      assertThat(again.json().path("unchanged").asBoolean()).isTrue();
      assertThat(again.json().path("version").asInt()).isEqualTo(1);
      assertThat(again.json().path("id").asText()).isEqualTo(jobId);
      assertThat(c.digest(c.leader().id())).isEqualTo(before);
      Map<String, JsonNode> still = tasks(job(c, "web"));
      assertThat(still.keySet()).isEqualTo(v1.keySet());
      still.forEach((id, t) -> {
        assertThat(t.path("state").asText()).as(id).isEqualTo("RUNNING");
        assertThat(t.path("restarts").asInt()).as(id).isZero();
        assertThat(t.path("containerId").asText()).as(id).isEqualTo(v1.get(id).path("containerId").asText());
      });

      // plan: the diff and what would happen, and the state does not move.
      byte[] v2 = web("sleep 3601", 2, 0.2);
      HttpApi.Reply p = plan(c, v2);
      assertThat(p.status()).as(p.text()).isEqualTo(200);
      JsonNode pj = p.json();
      assertThat(pj.path("jobId").asText()).isEqualTo(jobId);
      assertThat(pj.path("fromVersion").asInt()).isEqualTo(1);
      assertThat(pj.path("toVersion").asInt()).isEqualTo(2);
      assertThat(pj.path("groups").get(0).path("change").asText()).isEqualTo("replaced");
      assertThat(pj.path("groups").get(0).path("fields").toString()).isEqualTo("[\"command\"]");
      assertThat(pj.path("groups").get(1).path("change").asText()).isEqualTo("unchanged");
      assertThat(pj.path("create").asInt()).isEqualTo(2);
      assertThat(pj.path("replace").asInt()).isEqualTo(2);
      assertThat(pj.path("stop").asInt()).isEqualTo(2);
      assertThat(pj.path("placeable").asBoolean()).isTrue();
      HttpApi.Reply tooBig = plan(c, web("sleep 3600", 2, 64));
      assertThat(tooBig.json().path("placeable").asBoolean()).as(tooBig.text()).isFalse();
      assertThat(tooBig.json().path("unplaced")).hasSize(2);
      assertThat(tooBig.json().path("unplaced").get(0).asText()).startsWith("api[0]: ").contains("cpu");
      byte[] constrained = new String(V1, StandardCharsets.UTF_8).replace("    count: 2\n",
          "    count: 2\n    constraints:\n      - {attribute: label.rack, operator: \"=\", value: r9}\n").getBytes(StandardCharsets.UTF_8);
      HttpApi.Reply nowhere = plan(c, constrained);
      assertThat(nowhere.json().path("groups").get(0).path("fields").toString()).as(nowhere.text()).isEqualTo("[\"constraints\"]");
      assertThat(nowhere.json().path("unplaced").get(0).asText())
          .isEqualTo("api[0]: no ready node meets constraint label.rack = r9 (1 ready nodes checked; no ready node has label rack)");
      assertThat(c.digest(c.leader().id())).as("a plan writes nothing").isEqualTo(before);

      // A changed command replaces the api tasks: the old ones stop on the worker, proxy is untouched.
      HttpApi.Reply replaced = c.submit(v2, null);
      assertThat(replaced.status()).as(replaced.text()).isEqualTo(201);
      assertThat(replaced.json().path("version").asInt()).isEqualTo(2);
      assertThat(replaced.json().path("id").asText()).isEqualTo(jobId);
      awaitRunning(c, 3);
      JsonNode afterReplace = job(c, "web");
      List<String> oldApi = v1.values().stream().filter(t -> t.path("name").asText().equals("api")).map(t -> t.path("id").asText()).toList();
      for (String id : oldApi) {
        JsonNode t = tasks(afterReplace).get(id);
        assertThat(t.path("state").asText()).isEqualTo("STOPPED");
        assertThat(t.path("reason").asText()).isEqualTo("replaced by job version 2");
      }
      await("the worker let go of the replaced tasks").atMost(MiniCluster.WAIT)
          .until(() -> oldApi.stream().noneMatch(id -> c.worker("w1").tasks().containsKey(id)));
      List<String> apiV2 = live(afterReplace, "api");
      assertThat(apiV2).hasSize(2).doesNotContainAnyElementsOf(oldApi);
      for (String id : apiV2) assertThat(tasks(afterReplace).get(id).path("jobVersion").asInt()).isEqualTo(2);
      assertThat(live(afterReplace, "proxy")).isEqualTo(live(job(c, "web"), "proxy")).hasSize(1);
      String proxy = live(afterReplace, "proxy").get(0);
      assertThat(tasks(afterReplace).get(proxy).path("jobVersion").asInt()).isEqualTo(1);

      // Scale up and down: only the difference moves, the highest indexes stop first.
      HttpApi.Reply up = post(c, "/v1/jobs/web/scale", "{\"group\": \"api\", \"count\": 4}");
      assertThat(up.status()).as(up.text()).isEqualTo(200);
      assertThat(up.json().path("version").asInt()).isEqualTo(3);
      awaitRunning(c, 5);
      JsonNode scaledUp = job(c, "web");
      assertThat(live(scaledUp, "api")).hasSize(4).containsAll(apiV2);
      HttpApi.Reply down = post(c, "/v1/jobs/web/scale", "{\"group\": \"api\", \"count\": 1}");
      assertThat(down.json().path("version").asInt()).as(down.text()).isEqualTo(4);
      awaitRunning(c, 2);
      JsonNode scaledDown = job(c, "web");
      assertThat(live(scaledDown, "api")).singleElement().satisfies(id -> assertThat(tasks(scaledDown).get(id).path("index").asInt()).isZero());
      assertThat(live(scaledDown, "api").get(0)).isIn(apiV2);
      assertThat(live(scaledDown, "proxy")).containsExactly(proxy);
      HttpApi.Reply same = post(c, "/v1/jobs/web/scale", "{\"group\": \"api\", \"count\": 1}");
      assertThat(same.json().path("unchanged").asBoolean()).as("scaling to the count it has changes nothing").isTrue();
      HttpApi.Reply badGroup = post(c, "/v1/jobs/web/scale", "{\"group\": \"db\", \"count\": 2}");
      assertThat(badGroup.status()).isEqualTo(400);
      assertThat(badGroup.json().path("error").asText()).isEqualTo("group 'db' is not in job web (its groups: api, proxy)");
      HttpApi.Reply badCount = post(c, "/v1/jobs/web/scale", "{\"group\": \"api\", \"count\": 0}");
      assertThat(badCount.status()).isEqualTo(400);
      assertThat(badCount.json().path("error").asText()).startsWith("count must be >= 1");

      // History, then revert to version 1: its spec as version 5.
      JsonNode h = c.http().get(c.api(c.follower().id()), "/v1/jobs/web/versions").json();
      assertThat(h.path("version").asInt()).isEqualTo(4);
      assertThat(h.path("versions")).hasSize(4);
      assertThat(h.path("versions").get(1).path("changes").get(0).asText()).isEqualTo("api: replaced (command)");
      assertThat(h.path("versions").get(2).path("changes").get(0).asText()).isEqualTo("api: count 2 -> 4");
      assertThat(h.path("versions").get(2).path("note").asText()).isEqualTo("scale api to 4");
      HttpApi.Reply revert = post(c, "/v1/jobs/web/revert", "{\"version\": 1}");
      assertThat(revert.status()).as(revert.text()).isEqualTo(200);
      assertThat(revert.json().path("version").asInt()).isEqualTo(5);
      awaitRunning(c, 3);
      assertThat(job(c, "web").path("spec").path("tasks").get(0).path("command").toString()).isEqualTo("[\"sh\",\"-c\",\"sleep 3600\"]");
      HttpApi.Reply gone = post(c, "/v1/jobs/web/revert", "{\"version\": 9}");
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.json().path("error").asText()).contains("version 9 of job web is not kept");

      HttpApi.Reply list = c.http().get(c.api(c.leader().id()), "/v1/jobs");
      assertThat(list.json().path("jobs")).as("one job named web").hasSize(1);
      c.awaitSameDigest();
    }
  }

  @Test
  void aNewLeaderFinishesAChangeItsPredecessorCommittedAndNothingIsReplacedTwice() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      c.startWorker("w1", "process", Resources.of(4, 1024, 1000));
      assertThat(c.submit(V1, null).status()).isEqualTo(201);
      awaitRunning(c, 3);
      Set<String> original = tasks(job(c, "web")).keySet();

      String oldLeader = c.leader().id();
      HttpApi.Reply changed = c.http().postFollowing(c.api(oldLeader), "/v1/jobs", web("sleep 3602", 2, 0.2), Map.of(), 3);
      assertThat(changed.status()).as(changed.text()).isEqualTo(201);
      Set<String> answered = new HashSet<>();
      for (JsonNode t : changed.json().path("tasks")) answered.add(t.path("id").asText());
      // The leader dies at once: the new tasks are committed but not yet (all) running.
      c.kill(oldLeader);

      // A client that lost the answer sends the file again: the new leader finds the version made.
      java.util.concurrent.atomic.AtomicReference<HttpApi.Reply> answer = new java.util.concurrent.atomic.AtomicReference<>();
      await("a new leader answers").atMost(MiniCluster.WAIT).ignoreExceptions().until(() -> {
        answer.set(c.submit(web("sleep 3602", 2, 0.2), null));
        return answer.get().status() != 503;
      });
      HttpApi.Reply retry = answer.get();
      assertThat(retry.status()).as(retry.text()).isEqualTo(200);
      assertThat(retry.json().path("unchanged").asBoolean()).isTrue();
      assertThat(retry.json().path("version").asInt()).isEqualTo(2);
      awaitRunning(c, 3);

      JsonNode after = job(c, "web");
      Set<String> all = tasks(after).keySet();
      assertThat(all).as("the original tasks and the two new ones, nothing more").hasSize(original.size() + 2).containsAll(original);
      assertThat(answered).containsAll(all);
      for (String id : live(after, "api")) assertThat(original).doesNotContain(id);
      c.restart(oldLeader);
      c.awaitSameDigest();
    }
  }

  @Test
  void aLevelTwoClusterRefusesVersionsWithTheUpgradeStepAndItsJobsReadAsVersionOneAfter() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 3, UnaryOperator.identity(), ManagerHooks.supportingUpTo(2))) {
      HttpApi.Reply first = c.submit(V1, null);
      assertThat(first.status()).isEqualTo(201);
      HttpApi.Reply scale = post(c, "/v1/jobs/web/scale", "{\"group\": \"api\", \"count\": 3}");
      assertThat(scale.status()).isEqualTo(409);
      assertThat(scale.json().path("error").asText()).isEqualTo("job scale needs cluster feature level 3; the cluster is at 2:"
          + " run `orchestrate cluster features upgrade` once every manager runs this release");
      assertThat(plan(c, V1).status()).isEqualTo(409);
      // A job.update sent straight to the Raft port is refused by the leader's entry gate, with the step.
      try (RawRaftClient raw = new RawRaftClient(c)) {
        io.orchestrate.core.spec.JobSpec spec = io.orchestrate.core.codec.JobFiles.parse(web("sleep 3601", 2, 0.2));
        LogEntryGateIT.assertRefused(raw, io.orchestrate.core.codec.CommandCodec.encode(new io.orchestrate.core.command.UpdateJob(
            first.json().path("id").asText(), 1, spec, List.of("t-00000000000000ab", "t-00000000000000ac"), "run", null, 1)),
            "log entry job.update (job versions) needs cluster feature level 3; the cluster is at 2: run `orchestrate cluster features upgrade`");
      }
      assertThat(post(c, "/v1/jobs/web/revert", "{\"version\": 1}").status()).isEqualTo(409);
      HttpApi.Reply second = c.submit(web("sleep 3601", 2, 0.2), null);
      assertThat(second.status()).as("as before versions: a second job").isEqualTo(201);
      assertThat(second.json().path("id").asText()).isNotEqualTo(first.json().path("id").asText());

      for (String id : c.ids()) {
        c.kill(id);
        c.restart(id);
      }
      await("the raise to level 3").atMost(MiniCluster.WAIT).ignoreExceptions()
          .until(() -> c.http().postFollowing(c.api(c.leader().id()), "/v1/cluster/features/upgrade", new byte[0], Map.of(), 3).status() == 200
              && c.leader().stateMachine().image().featureLevel() >= 3);
      JsonNode h = c.http().get(c.api(c.leader().id()), "/v1/jobs/" + second.json().path("id").asText() + "/versions").json();
      assertThat(h.path("version").asInt()).isEqualTo(1);
      assertThat(h.path("versions")).hasSize(1);
      HttpApi.Reply scaled = post(c, "/v1/jobs/web/scale", "{\"group\": \"api\", \"count\": 3}");
      assertThat(scaled.status()).as(scaled.text()).isEqualTo(200);
      assertThat(scaled.json().path("version").asInt()).isEqualTo(2);
      assertThat(scaled.json().path("id").asText()).as("the newest live job of the name").isEqualTo(second.json().path("id").asText());
      c.awaitSameDigest();
    }
  }
}
