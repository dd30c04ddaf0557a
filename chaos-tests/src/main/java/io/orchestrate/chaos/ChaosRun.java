package io.orchestrate.chaos;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.chaos.checker.CheckReport;
import io.orchestrate.chaos.checker.Checker;
import io.orchestrate.chaos.checker.NoSupersededTaskLives;
import io.orchestrate.chaos.checker.CopySeen;
import io.orchestrate.chaos.checker.DesiredVsRunning;
import io.orchestrate.chaos.checker.DigestSample;
import io.orchestrate.chaos.checker.History;
import io.orchestrate.chaos.checker.Op;
import io.orchestrate.chaos.checker.OpKind;
import io.orchestrate.chaos.checker.WorkerCopies;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chaos run, start to verdict: build the image from the current jar, start the cluster, run
 * the clients, the observer of the node list and the nemesis for the configured time, heal
 * everything, take the final reads, the replicas' digests and every worker's copy journal, then
 * look at each worker until it runs exactly the leader's desired set for it (bounded, see
 * {@link DesiredSetProbe}), check the history and write {@code history.json} and {@code report.txt}.
 */
public final class ChaosRun {
  private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
  /** How soon after the final heal a leader must be reported. */
  public static final Duration LEADER_BOUND = Duration.ofSeconds(30);
  static final Duration READY_BOUND = Duration.ofMinutes(2);
  static final Duration FINAL_READ_BOUND = Duration.ofSeconds(60);
  static final Duration CONVERGENCE_BOUND = Duration.ofSeconds(90);
  static final Duration WARM_UP = Duration.ofSeconds(5);
  static final Duration JOURNAL_BOUND = Duration.ofSeconds(30);

  private ChaosRun() {}

  public static RunResult run(ChaosSettings s) throws IOException, InterruptedException {
    String replay = "seed " + Long.toUnsignedString(s.seed()) + " (replay with -Dchaos.seed=" + s.seed() + ")";
    System.out.println("chaos run " + s.name() + ": " + replay);
    long wall0 = System.nanoTime();
    String image = OrchestrateImage.build(s.jar(), s.dockerfile());
    long origin = System.nanoTime();
    long originWall = System.currentTimeMillis();
    Recorder rec = new Recorder(() -> System.nanoTime() - origin);
    long healed;
    Long leaderAfterHeal;
    List<DigestSample> digests;
    List<String> managerIds;
    List<WorkerCopies> journals;
    List<DesiredVsRunning> desiredVsRunning;
    Observer observer = null;
    try (ChaosCluster cluster = ChaosCluster.start(image, s.managers(), s.workers(), s.unsafeManagers(), s.unsafeWorkers(), s.seed())) {
      try {
        managerIds = cluster.managers().stream().map(Node::id).toList();
        Set<FaultKind> kinds = s.usableFaults(cluster.firewallProblem());
        if (!kinds.equals(s.faults())) LOG.warn("no partitions in this run: {}", cluster.firewallProblem());
        awaitReady(cluster);
        observer = new Observer(cluster.api(), rec);
        observer.start();
        Workload load = new Workload(cluster.api(), rec, s.seed(), Long.toHexString(s.seed() ^ origin));
        load.start(s.clients());
        TimeUnit.MILLISECONDS.sleep(WARM_UP.toMillis()); // load before faults, so the first fault hits a busy leader
        long until = rec.now() + s.duration().toNanos(); // the faulty phase, not counting start-up
        try {
          new Nemesis(cluster, new FaultSchedule(s.seed(), kinds), rec).run(until);
        } finally {
          cluster.healAll();
        }
        healed = rec.now();
        leaderAfterHeal = awaitLeader(cluster, healed, rec);
        load.stopAndJoin();
        finalReads(cluster, load, rec);
        if (!observer.stopAndSampleOnce()) LOG.warn("no final read of the node list succeeded");
        digests = sampleDigests(cluster, rec);
        journals = journals(cluster);
        desiredVsRunning = DesiredSetProbe.lookUntilSettled(cluster, rec);
      } finally {
        if (observer != null) observer.close();
        cluster.saveLogs(s.runDir().resolve("logs"));
      }
    }
    History h = new History(s.seed(), managerIds, rec.ops(), rec.faults(), healed, leaderAfterHeal, digests, originWall,
        rec.nodeSamples(), journals, desiredVsRunning);
    CheckReport report = Checker.standard(LEADER_BOUND).check(h);
    Duration wall = Duration.ofNanos(System.nanoTime() - wall0);
    String summary = ReportWriter.write(s, h, report, wall, s.runDir());
    System.out.println(summary);
    return new RunResult(h, report, summary, s.runDir());
  }

  private static void awaitReady(ChaosCluster cluster) {
    ApiClient c = new ApiClient(cluster.api(), Duration.ofSeconds(2), Duration.ofSeconds(5));
    await("a leader and " + cluster.workers().size() + " ready workers").atMost(READY_BOUND).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          ApiClient.Result r = c.send("GET", "/v1/nodes", null, Map.of());
          return r.ok() && readyNodes(r.body()) >= cluster.workers().size();
        });
  }

  private static int readyNodes(byte[] body) {
    try {
      int n = 0;
      for (JsonNode node : Json.lenient().readTree(body).path("nodes")) {
        if ("READY".equalsIgnoreCase(node.path("state").asText())) n++;
      }
      return n;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Milliseconds from the heal until a manager first names a leader; null if none within {@link #LEADER_BOUND}. */
  private static Long awaitLeader(ChaosCluster cluster, long healed, Recorder rec) {
    try {
      await("a leader after the heal").atMost(LEADER_BOUND.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
          .until(() -> cluster.leader().isPresent());
      return TimeUnit.NANOSECONDS.toMillis(rec.now() - healed);
    } catch (ConditionTimeoutException e) {
      return null; // the checker reports it
    }
  }

  /**
   * The checker's linearizable job and task lists after the heal, retried within a bound and
   * recorded like any op; then the kept versions of every job a client updated. The lists are read
   * again until no live task of an updated job is of an older version than its job (the update's
   * replacement is done) or the bound passes: the last pair is what the checker judges.
   */
  private static void finalReads(ChaosCluster cluster, Workload load, Recorder rec) {
    ApiClient c = new ApiClient(cluster.api(), Duration.ofSeconds(5), Duration.ofSeconds(15));
    try {
      await("final reads of the jobs and tasks, updates settled").atMost(FINAL_READ_BOUND).pollInterval(Duration.ofSeconds(1)).until(() -> {
        Op jobs = finalRead(c, load, rec, "/v1/jobs", OpKind.READ_JOBS, "jobs");
        Op tasks = finalRead(c, load, rec, "/v1/tasks", OpKind.READ_TASKS, "tasks");
        return jobs.ok() && tasks.ok() && NoSupersededTaskLives.superseded(jobs, tasks).isEmpty();
      });
    } catch (ConditionTimeoutException e) {
      LOG.warn("the final reads did not succeed with every update settled within {}; the checker will report it", FINAL_READ_BOUND);
    }
    for (String id : load.updatedJobs(rec.ops())) {
      try {
        await("final read of the versions of " + id).atMost(FINAL_READ_BOUND).pollInterval(Duration.ofMillis(500)).until(() -> {
          long t0 = rec.now();
          return load.recordVersions(id, t0, c.send("GET", "/v1/jobs/" + id + "/versions", null, Map.of())).ok();
        });
      } catch (ConditionTimeoutException e) {
        LOG.warn("no final read of the versions of {} within {}; the checker will report it", id, FINAL_READ_BOUND);
      }
    }
  }

  private static Op finalRead(ApiClient c, Workload load, Recorder rec, String path, OpKind kind, String field) {
    long t0 = rec.now();
    return load.recordRead(Op.CHECKER_PROCESS, kind, null, false, t0, c.readAll(path, field));
  }

  /** Every worker's copy journal ({@code GET /v1/copies}), each retried within a bound; one that never answers is recorded as unreadable. */
  private static List<WorkerCopies> journals(ChaosCluster cluster) {
    List<WorkerCopies> out = new ArrayList<>();
    for (Node w : cluster.workers()) {
      byte[][] body = {null};
      try {
        await("the copy journal of " + w.id()).atMost(JOURNAL_BOUND).pollInterval(Duration.ofMillis(500))
            .until(() -> (body[0] = cluster.copies(w, Duration.ofSeconds(5)).orElse(null)) != null);
        out.add(parseJournal(w.id(), body[0]));
      } catch (ConditionTimeoutException e) {
        out.add(WorkerCopies.unreadable(w.id(), "GET " + w.metricsBase() + "/v1/copies did not answer 200 within " + JOURNAL_BOUND));
      }
    }
    return out;
  }

  static WorkerCopies parseJournal(String node, byte[] body) {
    try {
      JsonNode root = Json.lenient().readTree(body);
      List<CopySeen> copies = new ArrayList<>();
      for (JsonNode c : root.path("copies")) {
        copies.add(new CopySeen(c.path("taskId").asText(), c.path("jobId").asText(), c.path("group").asText(), c.path("index").asInt(),
            c.path("generation").asLong(), c.path("handle").asText(), c.path("adopted").asBoolean(), c.path("startedAtMillis").asLong(),
            c.hasNonNull("endedAtMillis") ? c.path("endedAtMillis").asLong() : null,
            c.hasNonNull("exitCode") ? c.path("exitCode").asInt() : null,
            c.hasNonNull("endReason") ? c.path("endReason").asText() : null));
      }
      String reported = root.path("node").asText(node);
      if (!reported.equals(node)) return WorkerCopies.unreadable(node, "its journal names node " + reported);
      return new WorkerCopies(node, null, root.path("sinceMillis").asLong(), root.path("dropped").asLong(), copies);
    } catch (IOException e) {
      return WorkerCopies.unreadable(node, "unreadable journal: " + e.getMessage());
    }
  }

  /** Rounds of every manager's digest, until one round finds them all at one applied index (or the bound passes). */
  private static List<DigestSample> sampleDigests(ChaosCluster cluster, Recorder rec) {
    List<DigestSample> samples = new ArrayList<>();
    int[] round = {0};
    try {
      await("every replica at one applied index").atMost(CONVERGENCE_BOUND).pollInterval(Duration.ofSeconds(1))
          .until(() -> digestRound(cluster, rec, round[0]++, samples));
    } catch (ConditionTimeoutException e) {
      LOG.warn("replicas did not meet at one applied index within {}; the checker will report it", CONVERGENCE_BOUND);
    }
    return samples;
  }

  /** One round of digest samples; true when every manager answered with the same applied index. */
  private static boolean digestRound(ChaosCluster cluster, Recorder rec, int round, List<DigestSample> samples) {
    Set<Long> indices = new HashSet<>();
    int answered = 0;
    for (Node m : cluster.managers()) {
      ApiClient c = new ApiClient(cluster.api().only(m.apiBase()), Duration.ofSeconds(2), Duration.ofSeconds(2));
      ApiClient.Result r = c.send("GET", "/v1/state/digest", null, Map.of());
      if (!r.ok()) continue;
      try {
        JsonNode d = Json.lenient().readTree(r.body());
        DigestSample sample = new DigestSample(round, m.id(), d.path("appliedIndex").asLong(), d.path("digest").asText(), rec.now());
        samples.add(sample);
        indices.add(sample.appliedIndex());
        answered++;
      } catch (IOException e) {
        LOG.warn("unreadable digest from {}: {}", m.id(), e.getMessage());
      }
    }
    return answered == cluster.managers().size() && indices.size() == 1;
  }
}
