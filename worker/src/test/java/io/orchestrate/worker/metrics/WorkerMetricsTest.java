package io.orchestrate.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.worker.gateway.ConnectionState;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {
  private record Fixed(long reconnects, long ignoredStaleMessages) implements WorkerMetrics.Sources {
    public int tasksRunning() { return 0; }
    public ConnectionState connectionState() { return ConnectionState.REGISTERED; }
    public long highestTerm() { return 3; }
  }

  @Test
  void growingCountsAreCountersThatNeverGoDownWhenTheirSourceGoesAway() {
    AtomicReference<WorkerMetrics.Sources> source = new AtomicReference<>(new Fixed(4, 2));
    try (WorkerMetrics m = new WorkerMetrics("w1", source::get)) {
      assertThat(m.scrape()).contains("# TYPE orchestrate_worker_gateway_reconnects_total counter")
          .contains("orchestrate_worker_gateway_reconnects_total{node=\"w1\"} 4.0")
          .contains("orchestrate_worker_gateway_stale_messages_total{node=\"w1\"} 2.0")
          .contains("orchestrate_worker_leader_term{node=\"w1\"} 3.0");
      // The gateway client closed: its counts read 0, which must not look like a reset.
      source.set(new Fixed(0, 0));
      assertThat(m.scrape()).contains("orchestrate_worker_gateway_reconnects_total{node=\"w1\"} 4.0")
          .contains("orchestrate_worker_gateway_stale_messages_total{node=\"w1\"} 2.0");
      source.set(new Fixed(7, 2));
      assertThat(m.scrape()).contains("orchestrate_worker_gateway_reconnects_total{node=\"w1\"} 7.0");
    }
  }
}
