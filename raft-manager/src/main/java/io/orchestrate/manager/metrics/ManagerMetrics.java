package io.orchestrate.manager.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The manager's Prometheus metrics: Raft role, term, commit and applied index, leader changes,
 * apply latency, and API requests by route and status. Gauges read their source on each scrape.
 */
public final class ManagerMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter leaderChanges;
  private final Timer applyLatency;

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
    registry.config().commonTags("manager", managerId);
    gauge("orchestrate.raft.leader", "1 when this manager is the Raft leader", () -> raft.isLeader() ? 1 : 0);
    gauge("orchestrate.raft.term", "current Raft term", raft::term);
    gauge("orchestrate.raft.commit.index", "last committed log index", raft::commitIndex);
    gauge("orchestrate.raft.applied.index", "last log index applied to the state machine", raft::appliedIndex);
    gauge("orchestrate.jobs", "jobs in the replicated state", raft::jobs);
    gauge("orchestrate.tasks", "tasks in the replicated state", raft::tasks);
    leaderChanges = Counter.builder("orchestrate.raft.leader.changes").description("leader changes seen by this manager").register(registry);
    applyLatency = Timer.builder("orchestrate.raft.apply.latency").description("time to apply one log entry")
        .publishPercentiles(0.5, 0.99).register(registry);
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

  public void leaderChanged() {
    leaderChanges.increment();
  }

  public void applied(long nanos) {
    applyLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void request(String route, String method, int status, long nanos) {
    Timer.builder("orchestrate.http.requests").description("API requests")
        .tag("route", route).tag("method", method).tag("status", Integer.toString(status))
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The registry, for binders kept in their own files ({@link OpsGauges}). */
  public io.micrometer.core.instrument.MeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }
}
