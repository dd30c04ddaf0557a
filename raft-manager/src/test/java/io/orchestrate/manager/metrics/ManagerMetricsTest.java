package io.orchestrate.manager.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagerMetricsTest {
  /** Every Raft source down, as while the server starts or stops. */
  private static final ManagerMetrics.RaftGauges DOWN = new ManagerMetrics.RaftGauges() {
    public boolean isLeader() { throw new IllegalStateException("down"); }
    public long term() { throw new IllegalStateException("down"); }
    public long commitIndex() { throw new IllegalStateException("down"); }
    public long appliedIndex() { throw new IllegalStateException("down"); }
    public int jobs() { return 0; }
    public int tasks() { return 0; }
  };

  private final ManagerMetrics metrics = new ManagerMetrics("m1", DOWN);

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void aMethodNoRouteKnowsIsOneLabelAndTheRouteStaysItsTemplate() {
    metrics.request("/v1/jobs/{id}", "BREW", 405, 1_000_000);
    metrics.request("/v1/jobs/{id}", "PROPFIND", 405, 1_000_000);
    metrics.request("/v1/jobs/{id}", "GET", 200, 1_000_000);
    String s = metrics.scrape();
    assertThat(s).contains("orchestrate_http_requests_seconds_count{manager=\"m1\",method=\"other\",route=\"/v1/jobs/{id}\",status=\"405\"} 2")
        .contains("orchestrate_http_requests_seconds_count{manager=\"m1\",method=\"GET\",route=\"/v1/jobs/{id}\",status=\"200\"} 1")
        .doesNotContain("BREW").doesNotContain("PROPFIND");
  }

  @Test
  void proposalsAreTimedByOutcomeInBuckets() {
    metrics.proposed(true, 3_000_000);
    metrics.proposed(false, 20_000_000_000L);
    String s = metrics.scrape();
    assertThat(s).contains("orchestrate_raft_proposal_latency_seconds_bucket{manager=\"m1\",outcome=\"committed\",le=\"0.005\"} 1")
        .contains("orchestrate_raft_proposal_latency_seconds_bucket{manager=\"m1\",outcome=\"committed\",le=\"0.0025\"} 0")
        .contains("orchestrate_raft_proposal_latency_seconds_bucket{manager=\"m1\",outcome=\"failed\",le=\"10.0\"} 0")
        .contains("orchestrate_raft_proposal_latency_seconds_bucket{manager=\"m1\",outcome=\"failed\",le=\"+Inf\"} 1");
  }

  @Test
  void sourcesThatAreDownReadNaNAndAFailingHookDoesNotStopTheScrape() {
    AtomicInteger later = new AtomicInteger();
    metrics.beforeScrape(() -> {
      throw new IllegalStateException("closing");
    });
    metrics.beforeScrape(later::incrementAndGet);
    RocksDbGauges.register(metrics.registry(), (name, perCf) -> OptionalLong.empty());
    String s = metrics.scrape();
    assertThat(later).hasValue(1);
    assertThat(s).contains("orchestrate_raft_term{manager=\"m1\"} NaN").contains("orchestrate_rocksdb_write_stopped{manager=\"m1\"} NaN")
        .contains("orchestrate_rocksdb_sst_files_bytes{manager=\"m1\"} NaN");
  }
}
