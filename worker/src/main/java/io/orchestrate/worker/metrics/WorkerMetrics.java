package io.orchestrate.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orchestrate.worker.gateway.ConnectionState;
import io.orchestrate.worker.reconcile.ReconcilerListener;
import java.util.function.Supplier;

/**
 * The worker's Prometheus metrics: tasks running, task starts and restarts, gateway connection
 * state, reconnects, stale leader messages, the highest leader term seen, and the process's own
 * figures ({@link JvmMeters}). Gauges and the reconnect and stale-message counters read their
 * source on each scrape; starts and restarts are incremented on the reconciler's owner thread
 * through {@link ReconcilerListener}.
 */
public final class WorkerMetrics implements ReconcilerListener, AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter starts;
  private final Counter restarts;
  private final JvmMeters jvm;

  /** Where the gauges read from; set once the worker's parts exist. */
  public interface Sources {
    int tasksRunning();

    ConnectionState connectionState();

    long reconnects();

    long highestTerm();

    long ignoredStaleMessages();
  }

  public WorkerMetrics(String nodeId, Supplier<Sources> sources) {
    this(nodeId, sources, null);
  }

  /** @param dataDir the worker's data directory, whose free disk is reported; null for none */
  public WorkerMetrics(String nodeId, Supplier<Sources> sources, java.nio.file.Path dataDir) {
    registry.config().commonTags("node", nodeId);
    gauge("orchestrate.worker.tasks.running", "tasks whose copy runs on this node", () -> sources.get().tasksRunning());
    gauge("orchestrate.worker.gateway.connected", "1 when registered with the leader's gateway",
        () -> sources.get().connectionState() == ConnectionState.REGISTERED ? 1 : 0);
    for (ConnectionState s : ConnectionState.values()) {
      Gauge.builder("orchestrate.worker.gateway.state", () -> sources.get().connectionState() == s ? 1 : 0)
          .description("1 for the gateway connection's current state").tag("state", s.name().toLowerCase()).register(registry);
    }
    // Growing counts are counters (_total), so that rate() and increase() read them, resets included.
    counter("orchestrate.worker.gateway.reconnects", "gateway connections lost or failed and retried", () -> sources.get().reconnects());
    gauge("orchestrate.worker.leader.term", "highest leader term seen", () -> sources.get().highestTerm());
    counter("orchestrate.worker.gateway.stale.messages", "leader messages ignored for a lower term", () -> sources.get().ignoredStaleMessages());
    starts = Counter.builder("orchestrate.worker.task.starts").description("task copies started for a new assignment").register(registry);
    restarts = Counter.builder("orchestrate.worker.task.restarts").description("in-place restarts by restart policy").register(registry);
    jvm = new JvmMeters(registry, dataDir);
  }

  /**
   * A count read from its source. It never goes down while this worker lives: a source that is not
   * there yet or any more (the gateway client before start, after close) reads the highest count
   * seen, so that Prometheus sees no reset that did not happen.
   */
  private void counter(String name, String help, Supplier<Number> f) {
    java.util.concurrent.atomic.AtomicLong highest = new java.util.concurrent.atomic.AtomicLong();
    // Bound to this object, which the worker holds: Micrometer holds a counter's object only weakly.
    FunctionCounter.builder(name, this, x -> {
      long now;
      try {
        now = f.get().longValue();
      } catch (RuntimeException e) {
        now = 0;
      }
      return highest.accumulateAndGet(now, Math::max);
    }).description(help).register(registry);
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

  @Override
  public void taskStarted(String taskId) {
    starts.increment();
  }

  @Override
  public void taskRestarted(String taskId) {
    restarts.increment();
  }

  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    jvm.close();
  }
}
