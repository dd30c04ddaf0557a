package io.orchestrate.chaos;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.chaos.checker.CopySeen;
import io.orchestrate.chaos.checker.DesiredVsRunning;
import io.orchestrate.chaos.checker.WorkerCopies;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the final heal: looks, in rounds, at what each worker runs (its own copy journal) next to
 * what the leader wants it to run (the tasks a linearizable {@code GET /v1/tasks} shows SCHEDULED
 * or RUNNING on it), until every worker runs exactly its set or {@link #BOUND} passes. Stops, exits
 * and replacements take a moment to reach a worker, so one look could catch either side mid-way;
 * a set that still differs after the bound is not on its way. It never fails the run: the last
 * look at each worker goes into the history, and {@code workers-run-desired-set} judges it.
 */
final class DesiredSetProbe {
  private static final Logger LOG = LoggerFactory.getLogger(DesiredSetProbe.class);
  /** How long after the journals were read the workers have to converge on the leader's sets. */
  static final Duration BOUND = Duration.ofSeconds(60);
  private static final Duration ROUND_EVERY = Duration.ofSeconds(1);
  private static final Duration JOURNAL_TIMEOUT = Duration.ofSeconds(5);

  private DesiredSetProbe() {}

  /** The leader's record of one task: its state and, once placed, its node. */
  record LeaderTask(String state, String node) {
    boolean desiredOn(String worker) {
      return worker.equals(node) && ("SCHEDULED".equals(state) || "RUNNING".equals(state));
    }

    /** As a counterexample names it for a task running on {@code worker}: "STOPPED", or "RUNNING on w1" when it is elsewhere. */
    String describeFor(String worker) {
      return node == null || node.equals(worker) ? state : state + " on " + node;
    }
  }

  /** Rounds of looks until every worker runs its desired set or the bound passes; the last look at each worker. */
  static List<DesiredVsRunning> lookUntilSettled(ChaosCluster cluster, Recorder rec) {
    ApiClient api = new ApiClient(cluster.api(), Duration.ofSeconds(5), Duration.ofSeconds(10));
    Map<String, DesiredVsRunning> last = new LinkedHashMap<>();
    for (Node w : cluster.workers()) last.put(w.id(), DesiredVsRunning.unobserved(w.id(), "no round of looks was taken", rec.now()));
    try {
      // In the same thread: the looks are this thread's alone, and a round that overruns the bound still completes.
      await("every worker running exactly the leader's desired set for it").atMost(BOUND).pollInSameThread()
          .pollDelay(Duration.ZERO).pollInterval(ROUND_EVERY)
          .until(() -> round(cluster, api, rec, last));
    } catch (ConditionTimeoutException e) {
      List<String> unsettled = last.values().stream().filter(l -> !l.settled()).map(DesiredVsRunning::node).toList();
      LOG.warn("after {} workers {} still do not run exactly the leader's desired sets; the checker will report it", BOUND, unsettled);
    }
    return List.copyOf(last.values());
  }

  /**
   * One round: the leader's task list, then every worker's journal. A look that succeeds replaces
   * the worker's last one; a failed read replaces only a failure (a real look says more than a
   * later refusal). True when every worker's last look is settled.
   */
  private static boolean round(ChaosCluster cluster, ApiClient api, Recorder rec, Map<String, DesiredVsRunning> last) {
    // Every page: a run holds more tasks than one page of the listing.
    ApiClient.Result r = api.readAll("/v1/tasks", "tasks");
    Map<String, LeaderTask> leader = null;
    String problem = null;
    if (!r.ok() || r.status() != 200) {
      problem = "the leader's task list could not be read (GET /v1/tasks: " + (r.error() != null ? r.error() : "HTTP " + r.status()) + ")";
    } else {
      try {
        leader = parseTasks(r.body());
      } catch (IOException e) {
        problem = "the leader's task list was unreadable: " + e.getMessage();
      }
    }
    for (Node w : cluster.workers()) {
      DesiredVsRunning look;
      if (leader == null) {
        look = DesiredVsRunning.unobserved(w.id(), problem, rec.now());
      } else {
        byte[] body = cluster.copies(w, JOURNAL_TIMEOUT).orElse(null);
        WorkerCopies journal = body == null
            ? WorkerCopies.unreadable(w.id(), "GET " + w.metricsBase() + "/v1/copies did not answer 200 within " + JOURNAL_TIMEOUT)
            : ChaosRun.parseJournal(w.id(), body);
        look = look(w.id(), leader, journal, rec.now());
      }
      if (look.error() == null || last.get(w.id()).error() != null) last.put(w.id(), look);
    }
    return last.values().stream().allMatch(DesiredVsRunning::settled);
  }

  /** Every task of a {@code GET /v1/tasks} body by id. */
  static Map<String, LeaderTask> parseTasks(byte[] body) throws IOException {
    JsonNode root = Json.lenient().readTree(body);
    if (root == null || !root.path("tasks").isArray()) throw new IOException("no tasks array in the answer");
    Map<String, LeaderTask> out = new HashMap<>();
    for (JsonNode t : root.path("tasks")) {
      out.put(t.path("id").asText(), new LeaderTask(t.path("state").asText(), t.hasNonNull("node") ? t.path("node").asText() : null));
    }
    return out;
  }

  /** One worker's look: what the leader wants on it next to the copies its journal shows running. */
  static DesiredVsRunning look(String worker, Map<String, LeaderTask> leader, WorkerCopies journal, long atNanos) {
    if (journal.error() != null) return DesiredVsRunning.unobserved(worker, "its copy journal: " + journal.error(), atNanos);
    Set<String> desired = new TreeSet<>();
    leader.forEach((id, t) -> {
      if (t.desiredOn(worker)) desired.add(id);
    });
    List<CopySeen> running = new ArrayList<>(journal.copies().stream().filter(CopySeen::running).toList());
    running.sort(Comparator.comparing(CopySeen::taskId).thenComparingLong(CopySeen::startedAtMillis));
    Map<String, String> leaderStates = new TreeMap<>();
    for (CopySeen c : running) {
      LeaderTask t = leader.get(c.taskId());
      if (t != null && !desired.contains(c.taskId())) leaderStates.put(c.taskId(), t.describeFor(worker));
    }
    return new DesiredVsRunning(worker, List.copyOf(desired), running, leaderStates, atNanos, null);
  }
}
