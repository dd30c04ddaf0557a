package io.orchestrate.bench.fleet;

import io.orchestrate.client.ApiResponse;
import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagerAddress;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.api.MemberView;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The engine of {@code orchestrate bench fleet}: N simulated workers on the real gateway protocol
 * against managers it is given, T tasks submitted through the API, and what that costs: time to
 * all RUNNING, each manager's heap and RSS, the largest Desired frame, a snapshot's size and time,
 * and (unless told not to) a leader failover that must move no task. Progress lines go to the
 * writer it is given; the figures come back as a {@link FleetReport}.
 *
 * <p>Used by one thread. Everything it starts (the fleet, submission lanes) is gone when
 * {@link #run} returns; the managers are the caller's to close.
 */
public final class FleetBench {
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  static final Duration POLL = Duration.ofMillis(250);
  /** Bound on one API request, retries and leader-finding included. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /**
   * A snapshot of a large state takes a while to package and ship (tens of seconds at a million
   * tasks on a busy machine): one exchange may take as long as the manager allows it, within --timeout.
   */
  static final Duration SNAPSHOT_TIMEOUT = io.orchestrate.manager.service.SnapshotService.PACKAGING_TIME;
  static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);
  /** The fleet's event loops: two carry thousands of mostly idle connections, and the machine has few cores to spare. */
  static final int IO_THREADS = 2;

  private final FleetSettings settings;
  private final PrintWriter out;

  public FleetBench(FleetSettings settings, PrintWriter progress) {
    this.settings = settings;
    this.out = progress;
  }

  public FleetReport run(FleetManagers managers) throws Exception {
    return run(managers, System.nanoTime());
  }

  /** Runs with the {@code --timeout} counted from {@code startNanos} (System.nanoTime), e.g. from before the managers started. */
  public FleetReport run(FleetManagers managers, long startNanos) throws Exception {
    RunDeadline deadline = new RunDeadline(settings.timeout(), startNanos);
    String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    FleetAccess access = managers.access();
    ManagersClient client = client(access, managers.apis(), REQUEST_TIMEOUT);
    say("bench fleet %s: %,d simulated nodes, %,d tasks in %,d jobs, %d submissions in flight; %s", runId, settings.nodes(),
        settings.tasks(), settings.jobs(), settings.inFlight(), managers.describe());
    try (SimulatedFleet fleet = SimulatedFleet.start(settings.nodes(), settings.nodeCapacity(), managers.gateways(), IO_THREADS, runId,
        access, out)) {
      FleetReport.Start started = new FleetStart(fleet, client, runId, out).await(deadline, POLL, PROGRESS_EVERY);
      RunningWatch watch = new RunningWatch(leaderReads(managers, client), Math.max(16, settings.inFlight() * 4));
      FleetReport.Placement placement = place(fleet, managers, watch, runId, deadline);
      List<FleetReport.Memory> memory = weigh(managers, client, deadline);
      FleetReport.Snapshot snapshot = snapshot(managers, deadline);
      FleetReport.Failover failover = null;
      if (settings.failover()) {
        failover = new FailoverCheck(settings, managers, fleet, watch.jobs(), runId, deadline, out).run();
      }
      FleetCounters c = fleet.counters();
      FleetReport.Frames frames = new FleetReport.Frames(c.largestDesiredFrame(), c.desiredFrames(), c.frames(), c.bytes(),
          c.statusMessages(), c.registrations(), c.notLeaderAnswers(), c.resets(), c.protocolErrors());
      return new FleetReport(managers.describe(), settings.nodes(), settings.tasks(), settings.jobs(), settings.tasksPerJob(),
          settings.inFlight(), started, placement, memory, frames, snapshot, failover);
    }
  }

  /**
   * A client that reads the leader's own state ({@code ?stale=true} on the leader's API): what the
   * leader has applied, without a ReadIndex round to the followers per read, so that counting
   * thousands of jobs costs the cluster little and lags the state by no more than a poll. Should
   * the leader change meanwhile, the client follows its list (the leader first) and a follower's
   * state lags by at most its replication delay.
   */
  private static ManagersClient leaderReads(FleetManagers managers, ManagersClient client) {
    String leader = client.cluster().value().leader();
    List<String> apis = new ArrayList<>();
    if (leader != null) apis.add(managers.api(leader));
    for (String a : managers.apis()) if (!apis.contains(a)) apis.add(a);
    return managers.access().client(apis, ClientSettings.defaults().withTimeout(REQUEST_TIMEOUT).withStale(true));
  }

  /** Submits every job and polls the API until every task is RUNNING, with a progress line every few seconds. */
  private FleetReport.Placement place(SimulatedFleet fleet, FleetManagers managers, RunningWatch watch, String runId, RunDeadline deadline)
      throws InterruptedException {
    try (JobSubmitter submitter = new JobSubmitter(settings, managers.access(), managers.apis(), runId, REQUEST_TIMEOUT)) {
      submitter.start();
      long start = System.nanoTime();
      long lastTick = start;
      long lastRunning = 0;
      long nextTick = start + PROGRESS_EVERY.toNanos();
      // Bounded by the deadline checked each pass, and by count: one poll per POLL for the whole timeout, plus
      // the polls that follow at once because the last one completed a whole window (each completes at least one job).
      long maxPolls = settings.timeout().toNanos() / POLL.toNanos() + settings.jobs() + 1;
      for (long i = 0; i < maxPolls; i++) {
        RuntimeException failed = submitter.failure();
        if (failed != null) throw new IllegalStateException("a job submission failed: " + failed.getMessage(), failed);
        watch.add(submitter.drainAccepted());
        long running = watch.poll();
        long now = System.nanoTime();
        if (watch.completeJobs() == settings.jobs()) {
          long from = submitter.firstSentNanos();
          double all = (now - from) / 1e9;
          double submit = (submitter.lastAcceptedNanos() - from) / 1e9;
          say("all %,d tasks RUNNING %.1f s after the first submission (%,.0f placements/s; counted in %,d job reads of %.1f ms on average)",
              settings.tasks(), all, settings.tasks() / all, watch.reads(), watch.meanReadMs());
          return new FleetReport.Placement(round(submit), round(all), Math.round(settings.tasks() / all));
        }
        if (now - nextTick >= 0) {
          FleetCounters c = fleet.counters();
          out.printf(Locale.ROOT, "[%6.1fs] submitted %,d of %,d tasks   RUNNING %,d (api), %,d (held by the fleet)   %,.0f placements/s   nodes %,d registered%n",
              (now - start) / 1e9, submitter.acceptedTasks(), settings.tasks(), running, c.held(),
              (running - lastRunning) / ((now - lastTick) / 1e9), c.registered());
          out.flush();
          lastTick = now;
          lastRunning = running;
          nextTick = now + PROGRESS_EVERY.toNanos();
        }
        String stuck = watch.firstIncomplete();
        deadline.check("all " + settings.tasks() + " tasks RUNNING: " + running + " so far, " + submitter.acceptedTasks()
            + " submitted" + (stuck == null ? "" : "; oldest incomplete " + stuck));
        if (!watch.behind()) TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
      }
      throw deadline.expired("all " + settings.tasks() + " tasks RUNNING", null);
    }
  }

  /** Each manager's live heap after a full collection and its RSS; in-process managers have no figures of their own. */
  private List<FleetReport.Memory> weigh(FleetManagers managers, ManagersClient client, RunDeadline deadline) throws InterruptedException {
    Map<String, String> roles = new java.util.HashMap<>();
    ClusterView v = client.cluster().value();
    for (MemberView m : v.members()) roles.put(m.id(), m.role());
    List<FleetReport.Memory> figures = new ArrayList<>();
    for (String id : managers.ids()) {
      String role = roles.getOrDefault(id, "?");
      OptionalLong pid = managers.pid(id);
      if (pid.isEmpty()) {
        figures.add(new FleetReport.Memory(id, role, -1, -1, -1, -1, "runs in this JVM: no heap of its own"));
        continue;
      }
      deadline.check("the managers' heap figures");
      ManagerMemory m = ManagerMemory.of(pid.getAsLong(), deadline.remaining(JCMD_TIMEOUT));
      long perTask = m.heapAfterGcBytes() < 0 ? -1 : m.heapAfterGcBytes() / settings.tasks();
      figures.add(new FleetReport.Memory(id, role, pid.getAsLong(), m.heapAfterGcBytes(), m.rssBytes(), perTask, m.problem()));
      say("manager %s (%s, pid %d): heap after full GC %s, rss %s", id, role, pid.getAsLong(),
          m.heapAfterGcBytes() < 0 ? "unknown" : FleetReport.mib(m.heapAfterGcBytes()), m.rssBytes() < 0 ? "unknown" : FleetReport.mib(m.rssBytes()));
    }
    return figures;
  }

  /** Downloads a snapshot through the API, as {@code orchestrate snapshot save} does, and times it. */
  private FleetReport.Snapshot snapshot(FleetManagers managers, RunDeadline deadline) {
    deadline.check("a snapshot");
    Duration bound = deadline.remaining(SNAPSHOT_TIMEOUT);
    ManagersClient c = managers.access().client(managers.apis(), ClientSettings.defaults().withTimeout(bound).withAttemptTimeout(bound));
    long from = System.nanoTime();
    ApiResponse r = c.snapshot();
    long ms = (System.nanoTime() - from) / 1_000_000;
    String by = name(managers, ManagerAddress.display(r.answeredBy()));
    say("snapshot: %s in %,d ms from %s", FleetReport.mib(r.body().length), ms, by);
    return new FleetReport.Snapshot(r.body().length, ms, by);
  }

  /** {@code m2 (127.0.0.1:7001)} for a manager's API address, the address alone if it is none of them. */
  static String name(FleetManagers managers, String api) {
    for (String id : managers.ids()) if (managers.api(id).equals(api)) return id + " (" + api + ")";
    return api;
  }

  static ManagersClient client(FleetAccess access, List<String> apis, Duration timeout) {
    return access.client(apis, ClientSettings.defaults().withTimeout(timeout));
  }

  private void say(String format, Object... args) {
    out.printf(Locale.ROOT, format + "%n", args);
    out.flush();
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
