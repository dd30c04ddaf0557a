package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling updates end to end on three managers and a process-driver worker: a new command rolls
 * out one slot at a time (its plan says so and writes nothing) and the leader killed in the middle
 * does not stop it nor replace a slot twice; a command that keeps failing fails its deployment and
 * is reverted.
 */
class RollingUpdateProcessIT {
  @TempDir Path dir;

  static byte[] web(String command) {
    return ("""
        name: web
        tasks:
          - name: api
            image: local/busybox:1
            command: ["sh", "-c", "%s"]
            count: 3
            resources: {cpu: 0.1, memoryMb: 16, diskMb: 10}
            restart: {maxRestarts: 0}
            update: {maxParallel: 1, minHealthySeconds: 1, healthyDeadlineSeconds: 20, autoRevert: true, order: stop-first}
        """).formatted(command).getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode deployments(MiniCluster c) {
    HttpApi.Reply r = c.http().get(c.api(c.leader().id()), "/v1/deployments?job=web");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("deployments");
  }

  private static JsonNode deploymentOf(MiniCluster c, int version) {
    for (JsonNode d : deployments(c)) if (d.path("toVersion").asInt() == version) return d;
    return null;
  }

  private static void awaitStatus(MiniCluster c, int version, String status) {
    await("deployment of version " + version + " " + status).atMost(MiniCluster.WAIT.multipliedBy(2)).ignoreExceptions()
        .until(() -> status.equals(deploymentOf(c, version).path("status").asText()));
  }

  private static List<JsonNode> tasksOfVersion(MiniCluster c, int version) {
    HttpApi.Reply r = c.http().get(c.api(c.leader().id()), "/v1/jobs/web");
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode t : r.json().path("tasks")) if (t.path("jobVersion").asInt() == version) out.add(t);
    return out;
  }

  @Test
  void aNewCommandRollsOutAcrossAFailoverAndAFailingOneIsReverted() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      c.startWorker("w1", "process", Resources.of(4, 1024, 1000));
      HttpApi.Reply first = c.submit(web("sleep 3600"), null);
      assertThat(first.status()).as(first.text()).isEqualTo(201);
      awaitStatus(c, 1, "successful");

      // A plan of the change: a rolling replacement of every slot, and nothing written.
      JsonNode before = c.digest(c.leader().id());
      HttpApi.Reply plan = c.http().postFollowing(c.api(c.leader().id()), "/v1/jobs?dryRun=true", web("sleep 3601"), java.util.Map.of(), 3);
      assertThat(plan.status()).as(plan.text()).isEqualTo(200);
      JsonNode api = plan.json().path("groups").get(0);
      assertThat(api.path("change").asText()).isEqualTo("replaced");
      assertThat(api.path("rolling").path("maxParallel").asInt()).as(plan.text()).isEqualTo(1);
      assertThat(api.path("rolling").path("order").asText()).isEqualTo("stop-first");
      assertThat(api.path("create").asInt()).isEqualTo(3);
      assertThat(api.path("stop").asInt()).isEqualTo(3);
      assertThat(plan.json().path("placeable").asBoolean()).isTrue();
      assertThat(c.digest(c.leader().id())).as("a plan writes nothing").isEqualTo(before);

      HttpApi.Reply second = c.submit(web("sleep 3601"), null);
      assertThat(second.json().path("version").asInt()).as(second.text()).isEqualTo(2);
      await("the first replacement placed").atMost(MiniCluster.WAIT).ignoreExceptions()
          .until(() -> deploymentOf(c, 2).path("groups").get(0).path("placed").size() >= 1);
      String deployment = deploymentOf(c, 2).path("id").asText();
      c.kill(c.leader().id());
      awaitStatus(c, 2, "successful");
      assertThat(deploymentOf(c, 2).path("id").asText()).isEqualTo(deployment);
      List<JsonNode> v2 = tasksOfVersion(c, 2);
      assertThat(v2).as("one new task per slot: none replaced twice").extracting(t -> t.path("index").asInt()).containsExactlyInAnyOrder(0, 1, 2);
      assertThat(v2).allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("RUNNING"));
      assertThat(tasksOfVersion(c, 1)).allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("STOPPED"));

      c.submit(web("exit 3"), null);
      awaitStatus(c, 3, "reverted");
      JsonNode failed = deploymentOf(c, 3);
      assertThat(failed.path("reason").asText()).contains(failed.path("failedTask").asText());
      assertThat(failed.path("revertedTo").asInt()).isEqualTo(2);
      awaitStatus(c, 4, "successful");
      HttpApi.Reply job = c.http().get(c.api(c.leader().id()), "/v1/jobs/web");
      assertThat(job.json().path("version").asInt()).isEqualTo(4);
      long running = 0;
      for (JsonNode t : job.json().path("tasks")) if (t.path("state").asText().equals("RUNNING")) running++;
      assertThat(running).isEqualTo(3);
    }
  }
}
