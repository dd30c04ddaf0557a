package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.spec.Resources;
import io.orchestrate.manager.Manager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a dashboard reads from {@code GET /metrics}: latency histograms labelled by route template
 * with bounded labels, proposal and apply histograms, follower lag from the leader's view,
 * RocksDB's figures (and no crash once the store is closed), tasks by state, the gateway's
 * workers and their disconnects, and the worker's counters as counters.
 */
class MetricsIT {
  @TempDir Path dir;

  private static PromText scrape(MiniCluster c, String id) {
    HttpApi.Reply r = c.http().get(c.api(id), "/metrics");
    assertThat(r.status()).isEqualTo(200);
    return new PromText(r.text());
  }

  @Test
  void apiLatencyIsAHistogramPerRouteTemplateAndRawPathsOrMethodsNeverBecomeLabels() {
    try (MiniCluster c = MiniCluster.start(dir, 1)) {
      String m = c.api("m1");
      assertThat(c.http().get(m, "/v1/jobs/no-such-job-1").status()).isEqualTo(404);
      assertThat(c.http().get(m, "/v1/jobs/no-such-job-2").status()).isEqualTo(404);
      assertThat(c.http().get(m, "/v1/made-up/path-xyz").status()).isEqualTo(404);
      assertThat(c.http().send("BREW", m, "/v1/jobs", new byte[0], Map.of()).status()).isEqualTo(405);
      assertThat(c.submit(Jobs.yaml("web"), null).status()).isEqualTo(201);
      PromText t = scrape(c, "m1");

      assertThat(t.value("orchestrate_http_requests_seconds_count", "route", "/v1/jobs/{id}", "method", "GET", "status", "404")).isEqualTo(2.0);
      assertThat(t.value("orchestrate_http_requests_seconds_count", "route", "unknown", "status", "404")).isEqualTo(1.0);
      assertThat(t.value("orchestrate_http_requests_seconds_count", "route", "/v1/jobs", "method", "other", "status", "405")).isEqualTo(1.0);
      assertThat(t.text()).doesNotContain("no-such-job").doesNotContain("made-up").doesNotContain("BREW");

      // A bounded set of buckets per series, cumulative, ending at +Inf with the count.
      List<PromText.Sample> buckets = t.samples("orchestrate_http_requests_seconds_bucket").stream()
          .filter(s -> s.has("route", "/v1/jobs/{id}") && s.has("status", "404")).toList();
      assertThat(buckets).hasSize(14);
      assertThat(buckets.get(buckets.size() - 1).labels()).contains("le=\"+Inf\"");
      assertThat(buckets.get(buckets.size() - 1).value()).isEqualTo(2.0);
      for (int i = 1; i < buckets.size(); i++) assertThat(buckets.get(i).value()).isGreaterThanOrEqualTo(buckets.get(i - 1).value());

      // The submit went through the proposer, was committed, and applied.
      assertThat(t.value("orchestrate_raft_proposal_latency_seconds_count", "outcome", "committed")).isGreaterThanOrEqualTo(1.0);
      assertThat(t.value("orchestrate_raft_proposal_latency_seconds_bucket", "outcome", "committed", "le", "+Inf"))
          .isEqualTo(t.value("orchestrate_raft_proposal_latency_seconds_count", "outcome", "committed"));
      assertThat(t.samples("orchestrate_raft_apply_latency_seconds_bucket")).hasSize(14);
      assertThat(t.value("orchestrate_raft_apply_latency_seconds_count")).isGreaterThanOrEqualTo(1.0);
      // The process's own figures.
      assertThat(t.samples("jvm_memory_used_bytes")).isNotEmpty();
      assertThat(t.value("process_files_open_files")).isPositive();
      assertThat(t.value("process_uptime_seconds")).isPositive();
      assertThat(t.samples("disk_free_bytes")).hasSize(1);
    }
  }

  @Test
  void theLeaderReportsEachFollowersLagInEntriesAndRatisFigures() {
    try (MiniCluster c = MiniCluster.start(dir, 3)) {
      Manager leader = c.leader();
      Manager lagging = c.follower();
      String other = c.ids().stream().filter(id -> !id.equals(leader.id()) && !id.equals(lagging.id())).findFirst().orElseThrow();
      await("a row per follower").atMost(MiniCluster.WAIT).until(() -> scrape(c, leader.id()).samples("orchestrate_raft_follower_lag").size() == 2);
      assertThat(scrape(c, lagging.id()).samples("orchestrate_raft_follower_lag")).as("only the leader reports lag").isEmpty();

      c.isolate(lagging.id());
      int writes = 5;
      for (int i = 0; i < writes; i++) assertThat(c.submit(Jobs.yaml("lag-" + i), null).status()).isEqualTo(201);
      PromText during = scrape(c, leader.id());
      assertThat(during.value("orchestrate_raft_follower_lag", "follower", lagging.id())).isGreaterThanOrEqualTo(writes);
      await("the connected follower keeps up").atMost(MiniCluster.WAIT)
          .until(() -> scrape(c, leader.id()).value("orchestrate_raft_follower_lag", "follower", other) == 0.0);
      assertThat(during.value("orchestrate_raft_follower_last_contact_seconds", "follower", lagging.id())).isGreaterThanOrEqualTo(0.0);

      c.heal(lagging.id());
      await("the healed follower catches up").atMost(MiniCluster.WAIT)
          .until(() -> scrape(c, leader.id()).value("orchestrate_raft_follower_lag", "follower", lagging.id()) == 0.0);

      double elections = 0;
      for (String id : c.ids()) elections += scrape(c, id).value("orchestrate_ratis_elections_total");
      assertThat(elections).as("someone ran the election that made the leader").isGreaterThanOrEqualTo(1.0);
      PromText t = scrape(c, leader.id());
      assertThat(t.value("orchestrate_ratis_log_appends_total")).isGreaterThanOrEqualTo(writes);
      assertThat(t.value("orchestrate_ratis_log_append_seconds", "quantile", "0.99")).isGreaterThan(0.0);
      assertThat(t.value("orchestrate_raft_leader_change_timestamp_seconds")).isGreaterThan(0.0);
    }
  }

  @Test
  void rocksDbFiguresComeFromTheStoreAndAClosedStoreReadsNothing() {
    try (MiniCluster c = MiniCluster.start(dir, 1)) {
      for (int i = 0; i < 3; i++) assertThat(c.submit(Jobs.yaml("db-" + i), null).status()).isEqualTo(201);
      PromText t = scrape(c, "m1");
      assertThat(t.value("orchestrate_rocksdb_write_stopped")).isEqualTo(0.0);
      assertThat(t.value("orchestrate_rocksdb_delayed_write_rate_bytes")).isEqualTo(0.0);
      assertThat(t.value("orchestrate_rocksdb_memtable_bytes")).as("the writes sit in the memtables").isPositive();
      assertThat(t.value("orchestrate_rocksdb_pending_compaction_bytes")).isGreaterThanOrEqualTo(0.0);
      assertThat(t.value("orchestrate_rocksdb_sst_files_bytes")).isGreaterThanOrEqualTo(0.0);
      assertThat(t.value("orchestrate_rocksdb_live_data_bytes")).isGreaterThanOrEqualTo(0.0);

      Manager m = c.manager("m1");
      assertThat(m.stateMachine().storeProperty("rocksdb.cur-size-all-mem-tables", true)).isPresent();
      c.kill("m1");
      // A use of a closed RocksDB would crash the JVM; the gauge's source reads nothing instead.
      assertThat(m.stateMachine().storeProperty("rocksdb.cur-size-all-mem-tables", true)).isEmpty();
      assertThat(m.stateMachine().storeProperty("rocksdb.is-write-stopped", false)).isEmpty();
      c.skipDigestCheckOnClose();
    }
  }

  @Test
  void tasksByStateGatewayWorkersAndTheWorkersCounters() {
    try (MiniCluster c = MiniCluster.start(dir, 1)) {
      c.startWorker("w1", "process", Resources.of(2, 2048, 1000));
      byte[] job = """
          name: sleepers
          tasks:
            - name: s
              image: none
              command: ["sleep", "300"]
              count: 2
              resources: {cpu: 0.1, memoryMb: 16, diskMb: 1}
          """.getBytes(StandardCharsets.UTF_8);
      assertThat(c.submit(job, null).status()).isEqualTo(201);
      await("two tasks running").atMost(MiniCluster.WAIT)
          .until(() -> scrape(c, "m1").value("orchestrate_tasks_by_state", "state", "running") == 2.0);
      PromText t = scrape(c, "m1");
      assertThat(t.value("orchestrate_tasks_by_state", "state", "pending")).isEqualTo(0.0);
      assertThat(t.value("orchestrate_gateway_workers_connected")).isEqualTo(1.0);
      assertThat(t.value("orchestrate_gateway_worker_disconnects_total")).isEqualTo(0.0);

      PromText w = new PromText(c.worker("w1").scrapeMetrics());
      assertThat(w.text()).contains("# TYPE orchestrate_worker_gateway_reconnects_total counter")
          .contains("# TYPE orchestrate_worker_gateway_stale_messages_total counter")
          .contains("# TYPE orchestrate_worker_tasks_running gauge");
      assertThat(w.value("orchestrate_worker_task_starts_total")).isEqualTo(2.0);
      assertThat(w.samples("jvm_threads_live_threads")).hasSize(1);

      c.stopWorker("w1");
      await("the disconnect is counted").atMost(MiniCluster.WAIT)
          .until(() -> scrape(c, "m1").value("orchestrate_gateway_worker_disconnects_total") == 1.0);
      assertThat(scrape(c, "m1").value("orchestrate_gateway_workers_connected")).isEqualTo(0.0);
    }
  }
}
