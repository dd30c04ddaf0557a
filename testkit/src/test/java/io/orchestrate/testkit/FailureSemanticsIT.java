package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.manager.Manager;
import io.orchestrate.testing.docker.RequiresDocker;
import io.orchestrate.worker.gateway.ConnectionState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens when things break, with real containers: every assertion that matters reads the
 * engine (container ids, start times, what runs where), not only the states the API reports.
 * Heartbeats every 250 ms and a 5 s TTL keep the tests short; production defaults are 1 s and 6 s.
 */
@RequiresDocker(images = "local/busybox:1")
class FailureSemanticsIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  /**
   * The node TTL. Several tests assert that nothing is declared down across a worker restart or a
   * leader failover, which the product promises within one TTL; 5 s (not 2 s) leaves seconds of
   * slack for a loaded 2-core machine running three managers, the workers and the engine.
   */
  static final Duration TTL = Duration.ofSeconds(5);
  @TempDir Path dir;
  final String run = UUID.randomUUID().toString().substring(0, 6);
  final List<String> nodes = new ArrayList<>();

  @AfterEach
  void removeContainers() {
    for (String n : nodes) DockerCli.removeWithLabel("orchestrate.node=" + n);
  }

  private MiniCluster cluster() {
    return MiniCluster.start(dir, 3, b -> b.heartbeatInterval(Duration.ofMillis(250)).nodeTtl(TTL));
  }

  private String worker(MiniCluster c, int i) {
    String id = "fw" + i + "-" + run;
    nodes.add(id);
    c.startWorker(id, "docker", Resources.of(4, 4096, 10_000));
    return id;
  }

  /** A job whose containers exit promptly on SIGTERM, so stop times measure the system, not a grace period. */
  static String job(String name, int count) {
    return """
        name: %s
        tasks:
          - name: app
            image: local/busybox:1
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done"]
            count: %d
            resources: {cpu: 0.05, memoryMb: 16}
            reschedule: {attempts: 3, delaySeconds: 0}
        """.formatted(name, count);
  }

  /**
   * slot "group/index" → container ids running in the engine for it, across the given nodes. One
   * {@code docker ps} per node, with each container's task id in the same answer: the callers poll
   * this to time a stop, and two {@code docker inspect} processes per container made each poll take
   * seconds on a loaded host, which the measured time then counted.
   */
  static Map<String, Set<String>> runningBySlot(String jobId, List<String> nodes) {
    Map<String, Set<String>> out = new HashMap<>();
    for (String n : nodes) {
      for (String line : DockerCli.run("ps", "--no-trunc", "--filter", "label=orchestrate.node=" + n,
          "--filter", "label=orchestrate.job-id=" + jobId, "--format", "{{.ID}} {{.Label \"orchestrate.task-id\"}}").split("\n")) {
        String[] idAndTask = line.strip().split("\\s+");
        if (idAndTask.length < 2) continue;
        out.computeIfAbsent(slotOf(idAndTask[1]), k -> new HashSet<>()).add(idAndTask[0]);
      }
    }
    return out;
  }

  private static final Map<String, String> SLOT_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  private static String slotOf(String taskId) {
    return SLOT_CACHE.getOrDefault(taskId, taskId);
  }

  /** Remembers each task's slot (group/index) from the API so containers can be grouped by slot. */
  static void learnSlots(MiniCluster c, String jobId) {
    for (JsonNode t : Tasks.of(c, jobId)) SLOT_CACHE.put(t.path("id").asText(), t.path("name").asText() + "/" + t.path("index").asInt());
  }

  /** container id → the engine's StartedAt, for every task of the job. */
  static Map<String, String> startTimes(MiniCluster c, String jobId) {
    Map<String, String> out = new HashMap<>();
    for (JsonNode t : Tasks.of(c, jobId)) {
      String cid = t.path("containerId").asText();
      out.put(cid, DockerCli.inspect(cid, "{{.State.StartedAt}}"));
    }
    return out;
  }

  /** Nothing restarted or moved: the same copies on the same nodes, each container started when it was. */
  static void assertUntouched(MiniCluster c, String jobId, Map<String, String> identities, Map<String, String> started) {
    assertThat(Tasks.identities(c, jobId)).as("zero tasks restarted or moved").isEqualTo(identities);
    for (Map.Entry<String, String> e : started.entrySet()) {
      assertThat(DockerCli.inspect(e.getKey(), "{{.State.StartedAt}}")).as("container " + e.getKey()).isEqualTo(e.getValue());
    }
  }

  /** Lets {@code d} pass, so that anything due within it (a node declared down, say) has happened. */
  static void waitPast(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    await().atMost(d.plus(WAIT)).pollInterval(Duration.ofMillis(250)).until(() -> System.nanoTime() > until);
  }

  /** When the engine first reported {@code action} for a container whose id starts with {@code id}, or null. */
  static Long firstEvent(Map<String, Map<String, Long>> events, String id, String action) {
    for (Map.Entry<String, Map<String, Long>> e : events.entrySet()) if (!id.isEmpty() && e.getKey().startsWith(id)) return e.getValue().get(action);
    return null;
  }

  static List<JsonNode> current(MiniCluster c, String jobId) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode t : Tasks.of(c, jobId)) if (t.path("replacedBy").isMissingNode() || t.path("replacedBy").isNull()) out.add(t);
    return out;
  }

  static boolean currentAllRunning(MiniCluster c, String jobId) {
    List<JsonNode> ts = current(c, jobId);
    return !ts.isEmpty() && ts.stream().allMatch(t -> t.path("state").asText().equals("RUNNING"));
  }

  @Test
  void nodeLossMakesItsTasksLostAndRunsThemElsewhere() {
    try (MiniCluster c = cluster()) {
      String w1 = worker(c, 1);
      String w2 = worker(c, 2);
      String jobId = Tasks.submit(c, job("lossy", 6));
      await().atMost(WAIT).until(() -> Tasks.allIn(c, jobId, "RUNNING"));
      List<String> onW1 = new ArrayList<>();
      for (JsonNode t : Tasks.of(c, jobId)) if (t.path("node").asText().equals(w1)) onW1.add(t.path("id").asText());
      assertThat(onW1).isNotEmpty();

      // The machine goes away: agent and containers.
      long died = System.nanoTime();
      c.stopWorker(w1);
      DockerCli.removeWithLabel("orchestrate.node=" + w1);
      await("replacements RUNNING on " + w2).atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> currentAllRunning(c, jobId)
          && current(c, jobId).stream().allMatch(t -> t.path("node").asText().equals(w2)));
      long ms = (System.nanoTime() - died) / 1_000_000;
      System.out.printf("node loss: %d tasks of %s RUNNING on %s %d ms after it died (TTL %d ms)%n", onW1.size(), w1, w2, ms, TTL.toMillis());

      for (JsonNode t : Tasks.of(c, jobId)) {
        if (onW1.contains(t.path("id").asText())) {
          assertThat(t.path("state").asText()).isEqualTo("LOST");
          assertThat(t.path("replacedBy").asText()).startsWith("t-");
        }
      }
      for (JsonNode t : current(c, jobId)) assertThat(t.path("node").asText()).isEqualTo(w2);
      assertThat(current(c, jobId)).hasSize(6);
      // The engine agrees: every current attempt's container runs on w2, and nothing else of the job runs there.
      Set<String> expected = new HashSet<>();
      for (JsonNode t : current(c, jobId)) expected.add(t.path("containerId").asText());
      Set<String> running = new HashSet<>();
      for (String cid : DockerCli.run("ps", "-q", "--filter", "label=orchestrate.node=" + w2, "--filter", "label=orchestrate.job-id=" + jobId)
          .split("\\s+")) {
        if (!cid.isBlank()) running.add(cid);
      }
      assertThat(running).hasSize(6);
      for (String cid : expected) assertThat(running).anyMatch(r -> cid.startsWith(r) || r.startsWith(cid));
      JsonNode node = c.http().get(c.leader().apiAddress().toString(), "/v1/nodes").json().path("nodes");
      for (JsonNode n : node) if (n.path("id").asText().equals(w1)) assertThat(n.path("state").asText()).isEqualTo("DOWN");
    }
  }

  @Test
  void aPartitionedWorkerStopsItsMovedCopiesOnReconnectAndTheRescheduledOnesSurvive() {
    try (MiniCluster c = cluster()) {
      String w1 = worker(c, 1);
      String w2 = worker(c, 2);
      String jobId = Tasks.submit(c, job("split", 6));
      await().atMost(WAIT).until(() -> Tasks.allIn(c, jobId, "RUNNING"));

      c.partitionWorker(w1);
      await("tasks rescheduled onto " + w2).atMost(WAIT).until(() -> currentAllRunning(c, jobId)
          && current(c, jobId).stream().allMatch(t -> t.path("node").asText().equals(w2)));
      learnSlots(c, jobId);
      Map<String, Set<String>> during = runningBySlot(jobId, List.of(w1, w2));
      assertThat(during.values()).as("the cut-off worker cannot know: both copies run during the partition")
          .anyMatch(ids -> ids.size() == 2);
      Set<String> survivors = new HashSet<>();
      for (JsonNode t : current(c, jobId)) survivors.add(t.path("containerId").asText());

      c.healWorker(w1);
      await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> c.worker(w1).connectionState() == ConnectionState.REGISTERED);
      long registered = System.nanoTime();
      await("stale copies stopped").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .until(() -> runningBySlot(jobId, List.of(w1, w2)).values().stream().allMatch(ids -> ids.size() == 1));
      long ms = (System.nanoTime() - registered) / 1_000_000;
      System.out.printf("partition heal: stale copies on %s stopped %d ms after it re-registered%n", w1, ms);
      // Quiet, this is 1-2 s (the desired set sent at registration, then a stop grace of at most 2 s);
      // on a loaded 2-core host it has reached 4.6 s. The bound is for a removal that waits on a
      // timeout of its own; the figure printed above is the measurement.
      assertThat(ms).as("stale copies are stopped at once, not after some timeout").isLessThan(8_000);

      // Sampled for a while after: never two copies of a slot, and the rescheduled copies are the ones running.
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
        Map<String, Set<String>> now = runningBySlot(jobId, List.of(w1, w2));
        assertThat(now.values()).allMatch(ids -> ids.size() == 1);
        Set<String> all = new HashSet<>();
        now.values().forEach(all::addAll);
        assertThat(all).isEqualTo(survivors);
        return System.nanoTime() > until;
      });
    }
  }

  @Test
  void aLeaderFailoverWithThirtyRunningTasksRestartsAndMovesNothing() {
    try (MiniCluster c = cluster()) {
      List<String> ws = List.of(worker(c, 1), worker(c, 2), worker(c, 3));
      String jobId = Tasks.submit(c, job("thirty", 30));
      await().atMost(WAIT).until(() -> Tasks.allIn(c, jobId, "RUNNING"));
      Map<String, String> before = Tasks.identities(c, jobId);
      Map<String, String> started = startTimes(c, jobId);

      Manager old = c.leader();
      c.kill(old.id());
      Manager next = c.leader();
      String gw = next.gatewayAddress().toString();
      await().atMost(WAIT).until(() -> ws.stream().allMatch(w -> gw.equals(String.valueOf(c.worker(w).gateway().connectedTo()))));
      // Wait past a whole TTL after the failover: a node declared down now would show.
      waitPast(TTL.multipliedBy(2));

      assertUntouched(c, jobId, before, started);
      int containers = 0;
      for (String w : ws) containers += DockerCli.withLabel("orchestrate.node=" + w).size();
      assertThat(containers).isEqualTo(30);
      c.restart(old.id());
    }
  }

  @Test
  void aLeaderCutOffFromTheOtherManagersLosesItsWorkersToTheNewOneAndNothingRestartsOrMoves() {
    try (MiniCluster c = cluster()) {
      List<String> ws = List.of(worker(c, 1), worker(c, 2));
      String jobId = Tasks.submit(c, job("cutoff", 6));
      await().atMost(WAIT).until(() -> Tasks.allIn(c, jobId, "RUNNING"));
      Map<String, String> before = Tasks.identities(c, jobId);
      Map<String, String> started = startTimes(c, jobId);

      // The workers can still reach the old leader; only its peers cannot.
      Manager old = c.leader();
      long cut = System.nanoTime();
      c.isolate(old.id());
      Manager next = c.leader();
      String gw = next.gatewayAddress().toString();
      await("both workers on the new leader").atMost(WAIT).until(() -> ws.stream().allMatch(w -> gw.equals(String.valueOf(c.worker(w).gateway().connectedTo()))));
      System.out.printf("leader cut off: workers registered with %s %d ms after the cut (TTL %d ms)%n", next.id(),
          (System.nanoTime() - cut) / 1_000_000, TTL.toMillis());
      waitPast(TTL.multipliedBy(2));

      for (JsonNode n : c.http().get(next.apiAddress().toString(), "/v1/nodes").json().path("nodes")) {
        assertThat(n.path("state").asText()).as("node " + n.path("id").asText()).isEqualTo("READY");
      }
      assertUntouched(c, jobId, before, started);
      int containers = 0;
      for (String w : ws) containers += DockerCli.withLabel("orchestrate.node=" + w).size();
      assertThat(containers).isEqualTo(6);
      c.heal(old.id());
    }
  }

  @Test
  void drainMovesEveryTaskReplacementFirstAndNodesShowsProgress() {
    try (MiniCluster c = cluster()) {
      String w1 = worker(c, 1);
      String jobId = Tasks.submit(c, job("movable", 4));
      await().atMost(WAIT).until(() -> Tasks.allIn(c, jobId, "RUNNING"));
      String w2 = worker(c, 2);
      await().atMost(WAIT).until(() -> c.http().get(c.leader().apiAddress().toString(), "/v1/nodes").json().path("nodes").size() == 2);

      long since = java.time.Instant.now().getEpochSecond() - 1;
      HttpApi.Reply drained = c.http().post(c.leader().apiAddress().toString(), "/v1/nodes/" + w1 + "/drain", new byte[0], Map.of());
      assertThat(drained.status()).as(drained.text()).isEqualTo(200);
      await("every task moved to " + w2).atMost(WAIT).until(() -> currentAllRunning(c, jobId)
          && current(c, jobId).stream().allMatch(t -> t.path("node").asText().equals(w2))
          && DockerCli.withLabel("orchestrate.node=" + w1).isEmpty());
      Map<String, JsonNode> byId = new HashMap<>();
      for (JsonNode t : Tasks.of(c, jobId)) byId.put(t.path("id").asText(), t);
      Map<String, Map<String, Long>> events = DockerCli.events(jobId, since, java.time.Instant.now().getEpochSecond() + 1);
      int moved = 0;
      for (JsonNode t : byId.values()) {
        if (!t.path("node").asText().equals(w1)) continue;
        assertThat(t.path("state").asText()).isEqualTo("STOPPED");
        assertThat(t.path("reason").asText()).startsWith("moved to t-");
        JsonNode replacement = byId.get(t.path("replacedBy").asText());
        Long started = firstEvent(events, replacement.path("containerId").asText(), "start");
        Long killed = firstEvent(events, t.path("containerId").asText(), "kill");
        assertThat(started).as("the engine started the replacement of " + t.path("id").asText()).isNotNull();
        assertThat(killed).as("the engine stopped the original " + t.path("id").asText()).isNotNull();
        assertThat(started).as("replacement first: started before the original was stopped").isLessThan(killed);
        moved++;
      }
      assertThat(moved).isEqualTo(4);
      JsonNode n1 = null;
      for (JsonNode n : c.http().get(c.leader().apiAddress().toString(), "/v1/nodes").json().path("nodes")) {
        if (n.path("id").asText().equals(w1)) n1 = n;
      }
      assertThat(n1.path("state").asText()).isEqualTo("DRAINING");
      assertThat(n1.path("tasks").asInt()).isZero();

      // A new job does not land on the drained node; after undrain it may.
      String later = Tasks.submit(c, job("later", 2));
      await().atMost(WAIT).until(() -> Tasks.allIn(c, later, "RUNNING"));
      assertThat(Tasks.of(c, later)).allMatch(t -> t.path("node").asText().equals(w2));
      assertThat(c.http().post(c.leader().apiAddress().toString(), "/v1/nodes/" + w1 + "/undrain", new byte[0], Map.of()).status()).isEqualTo(200);
    }
  }

  @Test
  void quorumLossKeepsEveryTaskRunningAnswers503FastAndRecoversWithZeroRestarts() {
    try (MiniCluster c = cluster()) {
      String w1 = worker(c, 1);
      String jobId = Tasks.submit(c, job("steady", 4));
      await().atMost(WAIT).until(() -> Tasks.allIn(c, jobId, "RUNNING"));
      Map<String, String> before = Tasks.identities(c, jobId);
      Map<String, String> started = startTimes(c, jobId);

      Manager leader = c.leader();
      List<String> others = c.ids().stream().filter(id -> !id.equals(leader.id())).toList();
      String survivor = others.get(0);
      c.kill(leader.id());
      c.kill(others.get(1));
      // Until it misses the leader's heartbeats for an election timeout, the survivor cannot tell a
      // dead leader from a live one and forwards writes to it (which fails: 503); quorum loss is what it sees after that.
      await("the survivor knows it has no leader").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .until(() -> c.http().post(c.api(survivor), "/v1/jobs", Jobs.yaml("probe"), Map.of()).status() == 503);
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int calls = 0;
      long worst = 0;
      while (System.nanoTime() < until) {
        for (String path : List.of("/v1/jobs", "/v1/jobs/" + jobId)) {
          long t0 = System.nanoTime();
          HttpApi.Reply r = c.http().get(c.api(survivor), path);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          worst = Math.max(worst, ms);
          calls++;
          assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(503);
          assertThat(r.header("Retry-After")).as("503 says when to come back").isNotBlank();
          // Fast means not waiting out the cluster's 5 s request timeout (MiniCluster); 4 s leaves a loaded machine room.
          assertThat(ms).as("a call without quorum fails fast").isLessThan(4_000);
        }
        long t0 = System.nanoTime();
        HttpApi.Reply w = c.http().post(c.api(survivor), "/v1/jobs", Jobs.yaml("no-quorum"), Map.of());
        long postMs = (System.nanoTime() - t0) / 1_000_000;
        worst = Math.max(worst, postMs);
        assertThat(w.status()).as("POST /v1/jobs: " + w.text()).isEqualTo(503);
        assertThat(postMs).as("a write without quorum fails fast").isLessThan(4_000);
        calls++;
      }
      System.out.printf("quorum loss: %d API calls over 30 s, all 503, slowest %d ms%n", calls, worst);
      for (Map.Entry<String, String> e : started.entrySet()) {
        assertThat(DockerCli.inspect(e.getKey(), "{{.State.Running}}")).isEqualTo("true");
        assertThat(DockerCli.inspect(e.getKey(), "{{.State.StartedAt}}")).isEqualTo(e.getValue());
      }

      c.restart(leader.id());
      c.restart(others.get(1));
      Manager next = c.leader();
      await().atMost(WAIT).until(() -> next.gatewayAddress().toString().equals(String.valueOf(c.worker(w1).gateway().connectedTo())));
      waitPast(TTL.multipliedBy(2));
      assertUntouched(c, jobId, before, started);
    }
  }

  @Test
  void aCrashedWorkerReadoptsWithinItsTtlAndAfterItFindsItsTasksMovedAndRemovesItsStaleContainers() {
    try (MiniCluster c = cluster()) {
      String w1 = worker(c, 1);
      String w2 = worker(c, 2);
      String jobId = Tasks.submit(c, job("crashy", 4));
      await().atMost(WAIT).until(() -> Tasks.allIn(c, jobId, "RUNNING"));
      Map<String, String> before = Tasks.identities(c, jobId);
      List<String> w1Containers = DockerCli.withLabel("orchestrate.node=" + w1);

      // Back within the TTL: the same containers are adopted.
      c.stopWorker(w1);
      c.restartWorker(w1);
      await().atMost(WAIT).until(() -> c.worker(w1).connectionState() == ConnectionState.REGISTERED);
      waitPast(TTL.multipliedBy(2));
      assertThat(Tasks.identities(c, jobId)).isEqualTo(before);
      assertThat(DockerCli.withLabel("orchestrate.node=" + w1)).containsExactlyInAnyOrderElementsOf(w1Containers);

      // Gone longer than the TTL: its tasks move, and when it comes back it removes its stale copies.
      c.stopWorker(w1);
      await("tasks moved off " + w1).atMost(WAIT).until(() -> currentAllRunning(c, jobId)
          && current(c, jobId).stream().allMatch(t -> t.path("node").asText().equals(w2)));
      Set<String> moved = new HashSet<>();
      for (JsonNode t : current(c, jobId)) moved.add(t.path("containerId").asText());
      c.restartWorker(w1);
      await("stale containers removed from " + w1).atMost(WAIT).until(() -> DockerCli.withLabel("orchestrate.node=" + w1).isEmpty());
      Set<String> now = new HashSet<>();
      for (JsonNode t : current(c, jobId)) now.add(t.path("containerId").asText());
      assertThat(now).isEqualTo(moved);
    }
  }
}
