package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/grafana/orchestrate-cluster.json: every query parses (promtool, when installed, as in
 * {@link AlertRulesTest}), every metric a query names is exported by a live manager or worker,
 * and the panels cover what the runbook says the dashboard shows.
 */
class GrafanaDashboardTest {
  static final Path DASHBOARD = RunbookCommandsTest.ROOT.resolve("ops/grafana/orchestrate-cluster.json");

  @TempDir Path dir;

  /** Panel title to its queries, in the file's order. */
  private static Map<String, List<String>> queries() throws Exception {
    JsonNode root = Json.lenient().readTree(Files.readAllBytes(DASHBOARD));
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (JsonNode p : root.path("panels")) {
      if (p.path("type").asText().equals("row")) continue;
      String title = p.path("title").asText();
      assertThat(title).as("every panel has a title").isNotBlank();
      assertThat(p.path("description").asText()).as(title + " says what it shows").isNotBlank();
      assertThat(p.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
      List<String> exprs = new ArrayList<>();
      for (JsonNode t : p.path("targets")) exprs.add(t.path("expr").asText());
      assertThat(exprs).as(title + " has queries").isNotEmpty().allSatisfy(e -> assertThat(e).isNotBlank());
      assertThat(out.put(title, exprs)).as("panel titles are unique: " + title).isNull();
    }
    return out;
  }

  @Test
  void theNameExtractorFindsMetricsAndSkipsFunctionsLabelsAndKeywords() {
    assertThat(PromQlNames.of("histogram_quantile(0.99, sum by (route, le) (rate(orchestrate_http_requests_seconds_bucket{status=~\"5..\"}[5m])))"))
        .containsExactly("orchestrate_http_requests_seconds_bucket");
    assertThat(PromQlNames.of("max(a_b) - on() group_right() c_d > 1e3 and time() - x offset 5m"))
        .containsExactly("a_b", "c_d", "x");
    assertThat(PromQlNames.of("process_files_open_files / process_files_max_files"))
        .containsExactly("process_files_max_files", "process_files_open_files");
  }

  @Test
  void thePanelsCoverTheClusterOverview() throws Exception {
    Set<String> used = new TreeSet<>();
    queries().values().forEach(es -> es.forEach(e -> used.addAll(PromQlNames.of(e))));
    assertThat(used).contains("orchestrate_raft_leader", "orchestrate_raft_term", "orchestrate_ratis_elections_total",
        "orchestrate_http_requests_seconds_count", "orchestrate_http_requests_seconds_bucket",
        "orchestrate_raft_proposal_latency_seconds_bucket", "orchestrate_raft_apply_latency_seconds_bucket",
        "orchestrate_raft_follower_lag", "orchestrate_rocksdb_write_stopped", "orchestrate_rocksdb_pending_compaction_bytes",
        "orchestrate_rocksdb_sst_files_bytes", "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum", "process_files_open_files",
        "orchestrate_gateway_workers_connected", "orchestrate_gateway_worker_disconnects_total", "orchestrate_tasks_by_state");
  }

  @Test
  void everyQueryNamesAMetricALiveClusterExports() throws Exception {
    Set<String> exported = LiveScrape.names();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, List<String>> p : queries().entrySet()) {
      for (String e : p.getValue()) {
        Set<String> names = PromQlNames.of(e);
        assertThat(names).as(p.getKey() + ": " + e + " names a metric").isNotEmpty();
        for (String n : names) if (!exported.contains(n)) missing.add(p.getKey() + ": " + n);
      }
    }
    assertThat(missing).as("metrics the dashboard queries but no manager or worker exports").isEmpty();
  }

  @Test
  void promtoolParsesEveryQuery() throws Exception {
    String promtool = AlertRulesTest.which("promtool");
    if (promtool == null) {
      assertThat(System.getenv("CI")).as("CI must install promtool (ops/ci/setup-prometheus.sh)").isNotEqualTo("true");
      assumeTrue(false, "promtool is not installed; ops/ci/setup-prometheus.sh installs it");
    }
    // promtool parses PromQL only inside rule files: each query becomes a recording rule.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (List<String> es : queries().values()) {
      for (String e : es) {
        rules.append("      - record: dashboard:query").append(n++).append("\n        expr: ")
            .append(Json.lenient().writeValueAsString(e)).append('\n');
      }
    }
    Path file = dir.resolve("dashboard-rules.yml");
    Files.writeString(file, rules);
    Process p = new ProcessBuilder(promtool, "check", "rules", file.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS: " + n + " rules found");
  }
}
