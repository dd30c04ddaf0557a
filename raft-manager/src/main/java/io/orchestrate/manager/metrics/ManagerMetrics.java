package io.orchestrate.manager.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The manager's Prometheus metrics: Raft role, term, commit and applied index, leader changes,
 * latency histograms (API by route template, proposal to commit, apply), and the process's own
 * figures ({@link JvmMeters}). Gauges read their source on each scrape; Ratis and RocksDB figures
 * live in {@link RatisMeters} and {@link RocksDbGauges}, the state's in {@link OpsGauges}.
 *
 * <p>Every label has a bounded set of values: route templates (an unknown path is {@code unknown}),
 * a method from the HTTP verbs (anything else is {@code other}), status codes, follower ids.
 * Nothing is labelled by job, task or node.
 */
public final class ManagerMetrics implements AutoCloseable {
  /** The methods a label may name; a client can send any token as a method, so others fold into one. */
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter leaderChanges;
  private final Timer applyLatency;
  private final Timer proposalsCommitted;
  private final Timer proposalsFailed;
  private final JvmMeters jvm;
  /** Multi-series gauges whose rows (followers, say) are recomputed just before a scrape. */
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();
  private volatile long lastLeaderChangeMillis = -1;
  /** The API timers, one per label set; a request finds its own without building a meter id. Bounded as the labels are. */
  private final java.util.concurrent.ConcurrentMap<RequestKey, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();

  private record RequestKey(String route, String method, int status) {}

  /** Sources of the Raft gauges; each may throw when the server is down, which reads as NaN. */
  public interface RaftGauges {
    boolean isLeader();

    long term();

    long commitIndex();

    long appliedIndex();

    int jobs();

    int tasks();
  }

  public ManagerMetrics(String managerId, RaftGauges raft) {
    this(managerId, raft, null);
  }

  /** @param dataDir the manager's data directory, whose free disk is reported; null for none */
  public ManagerMetrics(String managerId, RaftGauges raft, Path dataDir) {
    registry.config().commonTags("manager", managerId);
    gauge("orchestrate.raft.leader", "1 when this manager is the Raft leader", () -> raft.isLeader() ? 1 : 0);
    gauge("orchestrate.raft.term", "current Raft term", raft::term);
    gauge("orchestrate.raft.commit.index", "last committed log index", raft::commitIndex);
    gauge("orchestrate.raft.applied.index", "last log index applied to the state machine", raft::appliedIndex);
    gauge("orchestrate.jobs", "jobs in the replicated state", raft::jobs);
    gauge("orchestrate.tasks", "tasks in the replicated state", raft::tasks);
    leaderChanges = Counter.builder("orchestrate.raft.leader.changes").description("leader changes seen by this manager").register(registry);
    gauge("orchestrate.raft.leader.change.timestamp.seconds", "when this manager last saw the leader change (epoch seconds; -1 none since start)",
        () -> lastLeaderChangeMillis < 0 ? -1 : lastLeaderChangeMillis / 1000.0);
    applyLatency = Timer.builder("orchestrate.raft.apply.latency").description("time to apply one log entry to RocksDB and the image")
        .serviceLevelObjectives(LatencyBuckets.APPLY).register(registry);
    proposalsCommitted = proposalTimer("committed");
    proposalsFailed = proposalTimer("failed");
    jvm = new JvmMeters(registry, dataDir);
  }

  private Timer proposalTimer(String outcome) {
    return Timer.builder("orchestrate.raft.proposal.latency")
        .description("from a command's proposal on this manager to its commit and apply here (or its failure)")
        .tag("outcome", outcome).serviceLevelObjectives(LatencyBuckets.REQUEST).register(registry);
  }

  private void gauge(String name, String help, Supplier<Number> f) {
    Gauge.builder(name, () -> {
      try {
        return f.get().doubleValue();
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    }).description(help).register(registry);
  }

  /** A leader change seen at {@code epochMillis} (the metrics' own clock; nothing is decided by it). */
  public void leaderChanged(long epochMillis) {
    leaderChanges.increment();
    lastLeaderChangeMillis = epochMillis;
  }

  public void leaderChanged() {
    leaderChanged(System.currentTimeMillis());
  }

  public void applied(long nanos) {
    applyLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A proposal made here finished, {@code nanos} after it was made. */
  public void proposed(boolean committed, long nanos) {
    (committed ? proposalsCommitted : proposalsFailed).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * One API request. {@code route} is the route's template (as {@link io.orchestrate.manager.http}
   * names it), never the raw path: the label's values are the routes this build has.
   */
  public void request(String route, String method, int status, long nanos) {
    RequestKey key = new RequestKey(route, methodLabel(method), status);
    Timer t = requestTimers.get(key);
    if (t == null) {
      t = requestTimers.computeIfAbsent(key, k -> Timer.builder("orchestrate.http.requests")
          .description("API requests by route template, method and status")
          .tag("route", k.route()).tag("method", k.method()).tag("status", Integer.toString(k.status()))
          .serviceLevelObjectives(LatencyBuckets.REQUEST).register(registry));
    }
    t.record(nanos, TimeUnit.NANOSECONDS);
  }

  static String methodLabel(String method) {
    return method != null && METHODS.contains(method) ? method : "other";
  }

  /** Runs {@code r} before each scrape: for gauges whose set of series changes (followers come and go). */
  public void beforeScrape(Runnable r) {
    beforeScrape.add(r);
  }

  /** The registry, for binders kept in their own files ({@link OpsGauges}, {@link RocksDbGauges}, {@link RatisMeters}). */
  public MeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    for (Runnable r : beforeScrape) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // A source that is closing leaves its rows as they were; the rest of the scrape still answers.
      }
    }
    return registry.scrape();
  }

  @Override
  public void close() {
    jvm.close();
  }
}
