package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.testkit.MiniCluster;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/prometheus/alerts.yml: valid for promtool (installed by ops/ci/setup-prometheus.sh in CI,
 * where its absence fails the test), the alerts the runbooks promise, each naming a runbook that
 * exists, and every metric they use actually exported by a live manager or worker ({@link LiveScrape}).
 */
class AlertRulesTest {
  static final Path RULES = RunbookCommandsTest.ROOT.resolve("ops/prometheus/alerts.yml");

  @TempDir Path dir;

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    String promtool = which("promtool");
    if (promtool == null) {
      assertThat(System.getenv("CI")).as("CI must install promtool (ops/ci/setup-prometheus.sh)").isNotEqualTo("true");
      assumeTrue(false, "promtool is not installed; ops/ci/setup-prometheus.sh installs it");
    }
    Process p = new ProcessBuilder(promtool, "check", "rules", RULES.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS: 12 rules found");
  }

  /**
   * The promtool unit cases in {@code ops/alert-cases.yml} (test resources): which series fire
   * which alert, and when. Run against a copy of the rules without annotations, which promtool
   * would otherwise compare word for word.
   */
  @Test
  void theAlertsFireOnTheSeriesTheyAreFor() throws Exception {
    String promtool = which("promtool");
    if (promtool == null) {
      assertThat(System.getenv("CI")).as("CI must install promtool (ops/ci/setup-prometheus.sh)").isNotEqualTo("true");
      assumeTrue(false, "promtool is not installed; ops/ci/setup-prometheus.sh installs it");
    }
    JsonNode rules = Json.yaml().readTree(Files.readAllBytes(RULES));
    for (JsonNode g : rules.path("groups")) for (JsonNode r : g.path("rules")) ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("annotations");
    Files.write(dir.resolve("alerts.yml"), Json.yaml().writeValueAsBytes(rules));
    byte[] cases;
    try (var in = AlertRulesTest.class.getResourceAsStream("/ops/alert-cases.yml")) {
      cases = in.readAllBytes();
    }
    Set<String> tested = new TreeSet<>();
    for (JsonNode t : Json.yaml().readTree(cases).path("tests")) for (JsonNode a : t.path("alert_rule_test")) tested.add(a.path("alertname").asText());
    assertThat(tested).containsExactlyInAnyOrder("OrchestrateFollowerLagging", "OrchestrateApiErrors", "OrchestrateManagerDiskLow",
        "OrchestrateRocksDbWriteStall", "OrchestrateWorkerDisconnects");
    Path file = dir.resolve("alert-cases.yml");
    Files.write(file, cases);
    Process p = new ProcessBuilder(promtool, "test", "rules", file.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS");
  }

  @Test
  void theRulesCoverWhatTheRunbooksPromiseAndNameExistingRunbooks() throws Exception {
    JsonNode root = Json.yaml().readTree(Files.readAllBytes(RULES));
    Set<String> alerts = new TreeSet<>();
    for (JsonNode g : root.path("groups")) {
      assertThat(g.path("name").asText()).isNotBlank();
      for (JsonNode r : g.path("rules")) {
        String name = r.path("alert").asText();
        alerts.add(name);
        assertThat(r.path("expr").asText()).as(name).isNotBlank();
        assertThat(balanced(r.path("expr").asText())).as(name + " has balanced brackets").isTrue();
        assertThat(r.path("labels").path("severity").asText()).as(name).isIn("page", "warn");
        String runbook = r.path("annotations").path("runbook").asText();
        assertThat(RunbookCommandsTest.ROOT.resolve(runbook)).as(name + " names an existing runbook").isRegularFile();
        assertThat(r.path("annotations").path("summary").asText()).as(name).isNotBlank();
      }
    }
    assertThat(alerts).containsExactlyInAnyOrder("OrchestrateNoLeader", "OrchestrateLeaderFlapping", "OrchestrateManagerLagging",
        "OrchestrateManagerDown", "OrchestrateFollowerLagging", "OrchestrateApiErrors", "OrchestrateManagerDiskLow",
        "OrchestrateRocksDbWriteStall", "OrchestratePendingTasksGrowing", "OrchestrateNodesDown", "OrchestrateWorkerDisconnects",
        "OrchestrateSnapshotTooOld");
  }

  @Test
  void everyMetricTheRulesUseIsExportedByALiveManagerOrWorker() throws Exception {
    Set<String> used = new TreeSet<>();
    JsonNode root = Json.yaml().readTree(Files.readAllBytes(RULES));
    for (JsonNode g : root.path("groups")) for (JsonNode r : g.path("rules")) used.addAll(PromQlNames.of(r.path("expr").asText()));
    // up is Prometheus's own series for each target's scrape, never a target's.
    used.remove("up");
    assertThat(used).contains("orchestrate_tasks_pending", "orchestrate_nodes", "orchestrate_snapshot_last_saved_timestamp_seconds",
        "orchestrate_raft_follower_lag", "orchestrate_http_requests_seconds_count", "disk_free_bytes", "disk_total_bytes",
        "orchestrate_gateway_worker_disconnects_total");
    Set<String> exported = LiveScrape.names();
    List<String> missing = new ArrayList<>();
    for (String u : used) if (!exported.contains(u)) missing.add(u);
    assertThat(missing).as("metrics used by alerts but not exported").isEmpty();
  }

  @Test
  void theBackupGaugeMovesWhenASnapshotIsServed() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir, 1)) {
      String metrics = c.http().get(c.api("m1"), "/metrics").text();
      assertThat(metrics).contains("orchestrate_nodes{manager=\"m1\",state=\"down\"} 0.0")
          .contains("orchestrate_snapshot_last_saved_timestamp_seconds{manager=\"m1\"} -1.0");
      assertThat(c.http().get(c.api("m1"), "/v1/snapshot").status()).isEqualTo(200);
      String after = c.http().get(c.api("m1"), "/metrics").text();
      assertThat(after).doesNotContain("orchestrate_snapshot_last_saved_timestamp_seconds{manager=\"m1\"} -1.0");
    }
  }

  private static boolean balanced(String s) {
    int depth = 0;
    for (char ch : s.toCharArray()) {
      if (ch == '(' || ch == '[' || ch == '{') depth++;
      if (ch == ')' || ch == ']' || ch == '}') depth--;
      if (depth < 0) return false;
    }
    return depth == 0;
  }

  static String which(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p)) return p.toString();
    }
    return null;
  }
}
