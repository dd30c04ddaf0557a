package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.testkit.MiniCluster;
import io.orchestrate.testing.docker.RequiresDocker;
import io.orchestrate.worker.gateway.ConnectionState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/runbooks/rolling-upgrade.md with the real CLI: each follower restarted from its data
 * directory in turn, then the leader after transfer-leadership, then each worker, all under a
 * light write load. "Switch the release" is the same release here; what the runbook promises, and
 * this checks, is that one process at a time may go down and come back: no acknowledged write is
 * lost, a leader stays, and a restarted worker re-adopts its tasks. The cluster runs mutual TLS and
 * API tokens as the runbooks' conventions set them up ({@link Operator}).
 *
 * <p>Workers use the docker driver: the process driver ends its children when the worker stops
 * (a child process cannot outlive and be re-adopted by a new JVM), so only containers survive a
 * worker restart, which is what the runbook's step 3 relies on.
 */
class RollingUpgradeRunbookIT {
  /** Each worker offers exactly two of the job's four tasks, so both workers run tasks. */
  private static final String JOB = """
      name: web
      tasks:
        - name: app
          image: local/busybox:1
          command: ["sh", "-c", "exec sleep 3600"]
          count: 4
          resources: {cpu: 0.25, memoryMb: 16}
      """;
  private static final Resources WORKER = Resources.of(0.5, 512, 1000);
  /**
   * A restarted worker (and every worker after the leader's restart) has one TTL to register before
   * its tasks would move; 8 s leaves a loaded machine seconds of slack over a worker's restart.
   */
  private static final Duration TTL = Duration.ofSeconds(8);
  /** More than any worker offers: the load's jobs are acknowledged and stay pending, starting no containers. */
  private static final String LOAD_RESOURCES = "{cpu: 8, memoryMb: 1}";

  @TempDir Path dir;
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final List<String> workers = List.of("ru1-" + run, "ru2-" + run);
  private boolean usedDocker;

  @AfterEach
  void removeContainers() throws Exception {
    if (!usedDocker) return;
    for (String w : workers) {
      for (String id : docker("ps", "-aq", "--no-trunc", "--filter", "label=orchestrate.node=" + w).split("\\s+")) {
        if (!id.isBlank()) docker("rm", "-f", id);
      }
    }
  }

  @Test
  @RequiresDocker(images = "local/busybox:1")
  void everyManagerThenEveryWorkerRestartedOneAtATimeUnderWrites() throws Exception {
    usedDocker = true;
    // The shipped election timeouts, not the harness's shorter ones: this test asserts that no
    // election happens, and a follower just back from a restart (cold JIT, one JVM shared by three
    // managers, two workers and the engine's load) can miss the harness's 1.2 s between replies.
    try (MiniCluster c = Operator.secured(dir.resolve("cluster"), 3, b -> b.heartbeatInterval(Duration.ofMillis(250)).nodeTtl(TTL)
        .electionTimeout(ManagerConfig.DEFAULT_ELECTION_TIMEOUT_MIN, ManagerConfig.DEFAULT_ELECTION_TIMEOUT_MAX))) {
      Operator op = Operator.bootstrap(c);
      for (String w : workers) c.startWorker(w, "docker", WORKER);
      Path jobFile = dir.resolve("web.yaml");
      Files.writeString(jobFile, JOB);
      CliRun submitted = op.cli("run", "-f", jobFile.toString(), "--wait", "-o", "json");
      assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
      String job = Json.lenient().readTree(submitted.out()).path("id").asText();

      // Preconditions: members healthy, workers READY, a fresh backup. The members view probes each
      // manager with an 800 ms bound, so on a loaded machine one view may show a slow one UNREACHABLE.
      awaitRoles(op);
      await("workers READY").atMost(MiniCluster.WAIT).ignoreExceptions().until(() -> allReady(op));
      Path backup = dir.resolve("pre-upgrade.snapshot");
      CliRun save = op.cli("snapshot", "save", backup.toString());
      assertThat(save.exitCode()).as(save.toString()).isZero();

      Map<String, String> tasks = identities(op, job);
      assertThat(tasks.values()).as("both workers run tasks").anyMatch(v -> v.endsWith(workers.get(0))).anyMatch(v -> v.endsWith(workers.get(1)));
      Map<String, String> startedAt = new LinkedHashMap<>();
      for (String cid : containerIds(tasks)) startedAt.put(cid, docker("inspect", "-f", "{{.State.StartedAt}}", cid));

      Set<String> acked;
      try (WriteLoad load = new WriteLoad(op, c.apis(), 100, LOAD_RESOURCES)) {
        awaitMoreWrites(load, 3);

        // Step 1: followers first, one at a time, each back as a FOLLOWER at the leader's applied index.
        String leader = c.leader().id();
        for (String f : c.ids().stream().filter(id -> !id.equals(leader)).toList()) {
          c.kill(f);
          assertLeader(op, leader);
          awaitMoreWrites(load, 2);
          c.restart(f);
          awaitCaughtUpFollower(op, f);
          assertLeader(op, leader);
        }

        // Step 2: the leader last, after handing leadership to a caught-up follower.
        String target = c.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        CliRun transfer = op.cli("cluster", "transfer-leadership", target);
        assertThat(transfer.exitCode()).as(transfer.toString()).isZero();
        assertThat(transfer.out()).contains("leader is now " + target);
        c.kill(leader);
        assertLeader(op, target);
        awaitMoreWrites(load, 2);
        c.restart(leader);
        awaitCaughtUpFollower(op, leader);
        assertLeader(op, target);

        // Step 3: workers, one at a time; their containers keep running while the worker is down.
        for (String w : workers) {
          c.stopWorker(w);
          for (String cid : startedAt.keySet()) {
            assertThat(docker("inspect", "-f", "{{.State.Running}}", cid)).as(cid + " runs while " + w + " is down").isEqualTo("true");
          }
          c.restartWorker(w);
          await(w + " re-registered and READY").atMost(MiniCluster.WAIT).ignoreExceptions()
              .until(() -> c.worker(w).connectionState() == ConnectionState.REGISTERED && allReady(op));
          CliRun nodes = op.cli("nodes");
          assertThat(nodes.out().lines().filter(l -> l.startsWith(w))).singleElement().asString().contains("READY");
          awaitMoreWrites(load, 2);
        }
        // Held for two node TTLs: a late restart or replacement would show here.
        await("tasks untouched").during(TTL.multipliedBy(2)).atMost(TTL.multipliedBy(2).plusSeconds(12)).pollInterval(Duration.ofMillis(500))
            .until(() -> identities(op, job).equals(tasks));
        load.close();
        acked = load.acknowledged();
      }

      // Verify.
      assertThat(op.cli("--version").exitCode()).isZero();
      awaitRoles(op);
      assertThat(allReady(op)).isTrue();
      CliRun listed = op.cli("tasks", "--job", job);
      assertThat(listed.out().lines().filter(l -> l.contains(" RUNNING "))).hasSize(4);
      assertThat(identities(op, job)).as("same containers, zero restarts, same nodes").isEqualTo(tasks);
      for (Map.Entry<String, String> e : startedAt.entrySet()) {
        assertThat(docker("inspect", "-f", "{{.State.StartedAt}}", e.getKey())).as("container " + e.getKey() + " never restarted").isEqualTo(e.getValue());
      }
      assertAcknowledgedSurvive(op, acked);
    }
  }

  /** Step 3's note: a process-driver worker's tasks end with it and start again, in place, when it is back. */
  @Test
  void aProcessDriverWorkerStartsItsTasksAgainAfterARestart() throws Exception {
    try (MiniCluster c = Operator.secured(dir.resolve("cluster"), 3, b -> b.heartbeatInterval(Duration.ofMillis(250)).nodeTtl(TTL))) {
      Operator op = Operator.bootstrap(c);
      String w = workers.get(0);
      c.startWorker(w, "process", WORKER);
      Path jobFile = dir.resolve("web.yaml");
      Files.writeString(jobFile, JOB.replace("count: 4", "count: 2"));
      CliRun submitted = op.cli("run", "-f", jobFile.toString(), "--wait", "-o", "json");
      assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
      String job = Json.lenient().readTree(submitted.out()).path("id").asText();
      Map<String, String> before = identities(op, job);
      List<ProcessHandle> processes = containerIds(before).stream()
          .map(h -> ProcessHandle.of(Long.parseLong(h.substring("proc-".length()))).orElseThrow()).toList();

      c.stopWorker(w);
      assertThat(processes).as("the worker's stop ends its tasks").noneMatch(ProcessHandle::isAlive);
      c.restartWorker(w);
      Map<String, String> after = await("the same tasks running again on " + w).atMost(MiniCluster.WAIT).ignoreExceptions()
          .until(() -> identities(op, job), m -> m.keySet().equals(before.keySet())
              && containerIds(m).stream().noneMatch(containerIds(before)::contains));
      assertThat(after.values()).allMatch(v -> v.endsWith(" / " + w));
    }
  }

  private static void awaitMoreWrites(WriteLoad load, int more) {
    int before = load.acknowledged().size();
    await("writes acknowledged").atMost(MiniCluster.WAIT).until(() -> load.acknowledged().size() >= before + more);
  }

  private static void assertAcknowledgedSurvive(Operator op, Set<String> acked) throws IOException {
    CliRun status = op.cli("status", "-o", "json");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    Set<String> present = new HashSet<>();
    for (JsonNode j : Json.lenient().readTree(status.out()).path("jobs")) present.add(j.path("id").asText());
    assertThat(acked).hasSizeGreaterThanOrEqualTo(3 + 2 * 5);
    assertThat(present).as("every acknowledged write survives the rolling restart").containsAll(acked);
  }

  /** The cluster answers with a leader, and it is the expected one: no election happened. */
  private static void assertLeader(Operator op, String expected) {
    CliRun leader = op.cli("cluster", "leader");
    assertThat(leader.exitCode()).as(leader.toString()).isZero();
    assertThat(leader.out().lines().findFirst().orElse("")).isEqualTo(expected);
  }

  /**
   * Waits until {@code id} is a FOLLOWER that has applied at least what the leader had applied when
   * it came back. Not "equal to the leader's index now": under the write load the leader moves
   * on between the two reads of one members view.
   */
  private static void awaitCaughtUpFollower(Operator op, String id) {
    // Twice: caught up with what the leader had applied when the member came back, then with what it
    // applied after that. A member that has only replayed its backlog may still answer the leader
    // slowly (a cold JVM); one that keeps up with entries written since is taking part again, and
    // stopping the next member before that leaves the leader one slow follower from stepping down.
    awaitFollowerAt(op, id);
    awaitFollowerAt(op, id);
  }

  private static void awaitFollowerAt(Operator op, String id) {
    long target = await("the leader's applied index").atMost(MiniCluster.WAIT).ignoreExceptions()
        .until(() -> member(members(op), "role", "LEADER").path("appliedIndex").asLong(), i -> i > 0);
    AtomicReference<JsonNode> last = new AtomicReference<>();
    try {
      await(id + " a FOLLOWER at index " + target).atMost(MiniCluster.WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> {
            JsonNode self = member(members(op), "id", id);
            last.set(self);
            return self.path("role").asText().equals("FOLLOWER") && self.path("appliedIndex").asLong() >= target;
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; last seen: " + last.get(), e);
    }
  }

  private static JsonNode member(JsonNode cluster, String field, String value) {
    for (JsonNode m : cluster.path("members")) if (m.path(field).asText().equals(value)) return m;
    throw new IllegalStateException("no member with " + field + " " + value + " in " + cluster);
  }

  private static JsonNode members(Operator op) throws IOException {
    CliRun r = op.cli("cluster", "members", "-o", "json");
    if (r.exitCode() != 0) throw new IllegalStateException(r.toString());
    return Json.lenient().readTree(r.out());
  }

  /** Until one members view shows a leader and two followers (each view probes every manager with a short bound). */
  private static void awaitRoles(Operator op) {
    await("a leader and two followers in one members view").atMost(MiniCluster.WAIT).ignoreExceptions()
        .untilAsserted(() -> assertThat(roles(op).values()).containsExactlyInAnyOrder("LEADER", "FOLLOWER", "FOLLOWER"));
  }

  private static Map<String, String> roles(Operator op) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode m : members(op).path("members")) out.put(m.path("id").asText(), m.path("role").asText());
    return out;
  }

  private static boolean allReady(Operator op) throws IOException {
    CliRun r = op.cli("nodes", "-o", "json");
    JsonNode nodes = Json.lenient().readTree(r.out()).path("nodes");
    if (nodes.size() == 0) return false;
    for (JsonNode n : nodes) if (!n.path("state").asText().equals("READY")) return false;
    return true;
  }

  /** task id -> "container id / restarts / node": what must not change across the restarts. */
  private static Map<String, String> identities(Operator op, String job) throws IOException {
    CliRun r = op.cli("tasks", "--job", job, "-o", "json");
    if (r.exitCode() != 0) throw new IllegalStateException(r.toString());
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode t : Json.lenient().readTree(r.out()).path("tasks")) {
      assertThat(t.path("state").asText()).as(t.toString()).isEqualTo("RUNNING");
      out.put(t.path("id").asText(), t.path("containerId").asText() + " / " + t.path("restarts").asInt() + " / " + t.path("node").asText());
    }
    return out;
  }

  private static List<String> containerIds(Map<String, String> identities) {
    return identities.values().stream().map(v -> v.substring(0, v.indexOf(' '))).toList();
  }

  /** The docker CLI, to check the engine itself rather than what the worker reports. */
  private static String docker(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("docker"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("docker " + String.join(" ", args) + " timed out");
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }
}
