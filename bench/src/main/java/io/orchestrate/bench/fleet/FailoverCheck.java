package io.orchestrate.bench.fleet;

import io.orchestrate.client.ManagersClient;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.api.MemberView;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;

/**
 * The failover step of {@code bench fleet}, once every task runs: SIGKILL the leader, time the
 * first write a survivor commits and the fleet's return to the new leader, restart the killed
 * manager and time its catch-up, and check that the failover moved nothing: no simulated worker
 * was told to stop, or to run with a new generation, any task it held at the kill. The watch lasts
 * at least {@value #WATCH_TTLS} node TTLs from the kill, long enough for a node the new leader
 * wrongly thought gone to be declared down and its tasks placed elsewhere.
 *
 * <p>Used by the bench's thread.
 */
final class FailoverCheck {
  static final int WATCH_TTLS = 2;
  /** The TTL to watch for when no Registered has told one (the manager's default). */
  static final Duration DEFAULT_TTL = Duration.ofSeconds(6);
  static final Duration MARK_TIMEOUT = Duration.ofSeconds(30);
  static final Duration POLL = Duration.ofMillis(50);

  private final FleetSettings settings;
  private final FleetManagers managers;
  private final SimulatedFleet fleet;
  private final List<JobSubmitter.Submitted> jobs;
  private final String runId;
  private final RunDeadline deadline;
  private final PrintWriter out;

  FailoverCheck(FleetSettings settings, FleetManagers managers, SimulatedFleet fleet, List<JobSubmitter.Submitted> jobs, String runId,
      RunDeadline deadline, PrintWriter out) {
    this.settings = settings;
    this.managers = managers;
    this.fleet = fleet;
    this.jobs = jobs;
    this.runId = runId;
    this.deadline = deadline;
    this.out = out;
  }

  FleetReport.Failover run() throws Exception {
    ManagersClient all = FleetBench.client(managers.access(), managers.apis(), FleetBench.REQUEST_TIMEOUT);
    ClusterView before = all.cluster().value();
    String old = before.leader();
    if (old == null) throw new IllegalStateException("no leader to kill: the cluster view names none");
    long oldTerm = before.term();
    try {
      fleet.mark(deadline.remaining(MARK_TIMEOUT));
    } catch (TimeoutException e) {
      throw deadline.expired("every simulated worker to note the tasks it holds before the kill", e);
    }
    OptionalLong pid = managers.pid(old);
    say("failover: killing the leader %s%s with SIGKILL", old, pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : "");
    long killedAt = System.nanoTime();
    managers.kill(old);

    List<String> survivors = managers.ids().stream().filter(id -> !id.equals(old)).map(managers::api).toList();
    ManagersClient client = FleetBench.client(managers.access(), survivors, deadline.remaining(FleetBench.REQUEST_TIMEOUT));
    // The first write after the kill: it commits only once a survivor leads with a quorum behind it.
    client.submitJob(JobSubmitter.body("fleet-" + runId + "-failover-probe", 1), runId + "-failover-probe");
    long writeMs = sinceMs(killedAt);
    ClusterView after = client.cluster().value();
    say("failover: a write was committed %,d ms after the kill; new leader %s (term %d)", writeMs, after.leader(), after.term());

    deadline.await("all " + settings.nodes() + " simulated nodes registered with the new leader", POLL,
        () -> fleet.registeredAbove(oldTerm) >= settings.nodes() ? Boolean.TRUE : null);
    long backMs = sinceMs(killedAt);
    say("failover: all %,d nodes registered with the new leader %,d ms after the kill", settings.nodes(), backMs);

    managers.restart(old);
    long restartedAt = System.nanoTime();
    deadline.await(old + "'s applied index to reach the leader's after its restart", POLL, () -> caughtUp(client, old));
    long catchUpMs = sinceMs(restartedAt);
    say("failover: %s restarted and caught up with the leader in %,d ms", old, catchUpMs);

    FleetCounters c = fleet.counters();
    long ttlMs = c.ttlMs() > 0 ? c.ttlMs() : DEFAULT_TTL.toMillis();
    long watchUntil = killedAt + Duration.ofMillis(WATCH_TTLS * ttlMs).toNanos();
    // A span of time to watch, not a condition to wait for; a moved task ends it at once.
    deadline.await("the watch for moved tasks (" + WATCH_TTLS + " node TTLs after the kill)", Duration.ofMillis(250),
        () -> moved(c) > 0 || System.nanoTime() - watchUntil >= 0 ? Boolean.TRUE : null);
    double watchedSeconds = FleetBench.round((System.nanoTime() - killedAt) / 1e9);
    long runningAfter = RunningWatch.countRunning(client, jobs, deadline);
    say("failover: %d tasks moved (removed %d, new generation %d) in %.0f s watched; %,d of %,d RUNNING", moved(c),
        c.removedAfterMark(), c.regeneratedAfterMark(), watchedSeconds, runningAfter, settings.tasks());
    return new FleetReport.Failover(old, after.leader(), writeMs, backMs, catchUpMs, watchedSeconds, c.removedAfterMark(),
        c.regeneratedAfterMark(), runningAfter);
  }

  private static long moved(FleetCounters c) {
    return c.removedAfterMark() + c.regeneratedAfterMark();
  }

  /** True once {@code id} reports an applied index at least the leader's, both as the members report themselves. */
  private static Boolean caughtUp(ManagersClient client, String id) {
    ClusterView v = client.cluster().value();
    MemberView me = null;
    MemberView leader = null;
    for (MemberView m : v.members()) {
      if (m.id().equals(id)) me = m;
      if (m.id().equals(v.leader())) leader = m;
    }
    if (me == null || leader == null || me.appliedIndex() < 0 || leader.appliedIndex() < 0) return null;
    return me.appliedIndex() >= leader.appliedIndex() ? Boolean.TRUE : null;
  }

  private static long sinceMs(long fromNanos) {
    return (System.nanoTime() - fromNanos) / 1_000_000;
  }

  private void say(String format, Object... args) {
    out.printf(Locale.ROOT, format + "%n", args);
    out.flush();
  }
}
