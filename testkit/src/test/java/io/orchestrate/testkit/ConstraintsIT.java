package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job file's {@code constraints:} and {@code distinctNodes:} from the file to real workers: three
 * managers, three process-driver workers labelled rack r1, r1 and r2. Tasks land only on the
 * workers their constraints allow; a task that fits nowhere stays PENDING with the scheduler's
 * reason naming the constraint (or the distinct-nodes rule) that ruled every node out.
 */
class ConstraintsIT {
  @TempDir Path dir;

  private static final String GROUP = """
        - name: %s
          image: local/busybox:1
          command: ["sh", "-c", "sleep 3600"]
          count: %d
          resources: {cpu: 0.1, memoryMb: 16, diskMb: 10}
      %s""";

  private static byte[] job(String name, String... groups) {
    return ("name: " + name + "\ntasks:\n" + String.join("", groups)).getBytes(StandardCharsets.UTF_8);
  }

  private static String group(String name, int count, String extra) {
    return GROUP.formatted(name, count, extra.isEmpty() ? "" : "    " + extra.replace("\n", "\n    ") + "\n");
  }

  private static JsonNode tasksOf(MiniCluster c, String job) {
    HttpApi.Reply r = c.http().get(c.api(c.leader().id()), "/v1/jobs/" + job);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("tasks");
  }

  /** Waits until the job's tasks have settled: {@code running} RUNNING and {@code pending} PENDING with a reason. */
  private static JsonNode awaitSettled(MiniCluster c, String job, int running, int pending) {
    JsonNode[] last = new JsonNode[1];
    await(job + ": " + running + " RUNNING and " + pending + " PENDING with a reason").atMost(MiniCluster.WAIT).ignoreExceptions().until(() -> {
      last[0] = tasksOf(c, job);
      int r = 0;
      int p = 0;
      for (JsonNode t : last[0]) {
        String s = t.path("state").asText();
        if (s.equals("RUNNING")) r++;
        if (s.equals("PENDING") && !t.path("reason").asText().isEmpty()) p++;
      }
      return r == running && p == pending;
    });
    return last[0];
  }

  private static Map<String, List<String>> nodesByGroup(JsonNode tasks) {
    Map<String, List<String>> out = new HashMap<>();
    for (JsonNode t : tasks) {
      if (t.path("state").asText().equals("RUNNING")) out.computeIfAbsent(t.path("name").asText(), k -> new ArrayList<>()).add(t.path("node").asText());
    }
    return out;
  }

  private static List<String> pendingReasons(JsonNode tasks) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : tasks) if (t.path("state").asText().equals("PENDING")) out.add(t.path("name").asText() + ": " + t.path("reason").asText());
    return out;
  }

  @Test
  void constraintsPlaceOnlyOnMatchingWorkersAndExplainTheRest() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      Resources capacity = new Resources(4.0, 2048L, 10_000L);
      c.startWorker("w1", "process", capacity, b -> b.labels(Map.of("rack", "r1")));
      c.startWorker("w2", "process", capacity, b -> b.labels(Map.of("rack", "r1")));
      c.startWorker("w3", "process", capacity, b -> b.labels(Map.of("rack", "r2")));

      // Four copies held to rack r1 (two nodes), two held off r1 by `!=`; another job's three copies
      // spread one per node (distinct nodes count the job's own tasks only).
      byte[] racked = job("racked",
          group("api", 4, "constraints:\n  - {attribute: label.rack, operator: \"=\", value: r1}"),
          group("batch", 2, "constraints:\n  - {attribute: label.rack, operator: \"!=\", value: r1}"));
      HttpApi.Reply r = c.submit(racked, "constraints-racked");
      assertThat(r.status()).as(r.text()).isIn(200, 201);
      Map<String, List<String>> on = nodesByGroup(awaitSettled(c, "racked", 6, 0));
      assertThat(on.get("api")).hasSize(4).allSatisfy(n -> assertThat(n).isIn("w1", "w2"));
      assertThat(on.get("batch")).containsExactly("w3", "w3");
      r = c.submit(job("spread", group("edge", 3, "distinctNodes: true")), "constraints-spread");
      assertThat(r.status()).as(r.text()).isIn(200, 201);
      assertThat(nodesByGroup(awaitSettled(c, "spread", 3, 0)).get("edge")).containsExactlyInAnyOrder("w1", "w2", "w3");

      // What cannot be placed says why, naming the constraint as the file wrote it.
      byte[] unplaceable = job("nowhere",
          group("gpu", 1, "constraints:\n  - {attribute: label.rack, operator: \"=\", value: r9}"),
          group("pair", 2, "distinctNodes: true\nconstraints:\n  - {attribute: label.rack, operator: \"in\", value: \"r2, r3\"}"));
      r = c.submit(unplaceable, "constraints-nowhere");
      assertThat(r.status()).as(r.text()).isIn(200, 201);
      JsonNode tasks = awaitSettled(c, "nowhere", 1, 2);
      assertThat(nodesByGroup(tasks).get("pair")).containsExactly("w3");
      List<String> reasons = pendingReasons(tasks);
      assertThat(reasons).hasSize(2);
      assertThat(reasons).anySatisfy(x -> assertThat(x).startsWith("gpu: ").contains("label.rack = r9").contains("rack=r1 (2)").contains("rack=r2 (1)"));
      assertThat(reasons).anySatisfy(x -> assertThat(x).startsWith("pair: ").contains("distinct nodes"));
      c.awaitSameDigest();
    }
  }
}
