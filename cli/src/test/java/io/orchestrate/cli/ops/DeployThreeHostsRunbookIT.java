package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.core.codec.Json;
import io.orchestrate.localcluster.FreePorts;
import io.orchestrate.testkit.HttpApi;
import io.orchestrate.testkit.MiniCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/runbooks/deploy-three-hosts.md on one machine. Each of the three hosts is a
 * {@link LoopbackHost} directory; step 1 copies the shipped ops/config files into its
 * {@code /etc/orchestrate} and edits them as the runbook says (id, api, gateway per host, the
 * worker's id and advertiseHost), with the 10.0.0.x addresses moved to loopback ports and
 * {@code driver: process} with {@code allow: process-driver} (which the runbook allows) instead of docker.
 *
 * <p>systemd is not available here, so "systemctl enable --now" is played by starting the exact
 * ExecStart line of ops/systemd/orchestrate-{manager,worker}.service as a child process (a real
 * JVM per manager and worker, paths rewritten to the host's directory, the optional
 * {@code $ORCHESTRATE_*_ARGS} unset), and "systemctl stop" by SIGTERM, which is what systemd
 * sends. Verify and roll back run the runbook's client commands with the real CLI in-process.
 */
class DeployThreeHostsRunbookIT {
  private static final Path OPS = RunbookCommandsTest.ROOT.resolve("ops");
  /** A small heap per JVM, as manager.env's JAVA_OPTS would set: four JVMs share this machine. */
  private static final Map<String, String> ENV = Map.of("JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
  private static final Duration START = Duration.ofSeconds(90);

  @TempDir Path dir;
  private final List<LoopbackHost> hosts = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() throws InterruptedException {
    for (LoopbackHost h : hosts) h.killAll();
  }

  @Test
  void threeManagersAndAWorkerFromTheShippedConfigsAndUnitsServeAJob() throws Exception {
    Map<String, String> raft = new LinkedHashMap<>();
    Map<String, String> api = new LinkedHashMap<>();
    Map<String, String> gateway = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      raft.put("10.0.0." + i + ":7000", "127.0.0.1:" + FreePorts.next());
      api.put("10.0.0." + i + ":8080", "127.0.0.1:" + FreePorts.next());
      gateway.put("10.0.0." + i + ":9090", "127.0.0.1:" + FreePorts.next());
    }
    String metrics = "127.0.0.1:" + FreePorts.next();
    List<String> apis = List.copyOf(api.values());

    // Step 1: the config examples, edited per host.
    String managerExample = Files.readString(OPS.resolve("config/manager.yaml"));
    String workerExample = Files.readString(OPS.resolve("config/worker.yaml"));
    for (int i = 1; i <= 3; i++) {
      LoopbackHost h = new LoopbackHost(dir.resolve("host" + i));
      hosts.add(h);
      String m = edit(managerExample, "id", "m" + i);
      m = edit(m, "api", api.get("10.0.0." + i + ":8080"));
      m = edit(m, "gateway", gateway.get("10.0.0." + i + ":9090"));
      m = edit(m, "dataDir", h.rewrite("/var/lib/orchestrate"));
      m = replaceAll(m, raft);
      Files.writeString(h.path("/etc/orchestrate/manager.yaml"), m);
    }
    LoopbackHost host1 = hosts.get(0);
    String w = edit(workerExample, "driver", "process");
    w = edit(w, "allow", "process-driver");
    w = edit(w, "advertiseHost", "127.0.0.1");
    w = edit(w, "metrics", metrics);
    w = edit(w, "dataDir", host1.rewrite("/var/lib/orchestrate-worker"));
    w = replaceAll(w, gateway);
    Files.writeString(host1.path("/etc/orchestrate/worker.yaml"), w);

    // Step 2: what each process will run with.
    for (int i = 1; i <= 3; i++) {
      CliRun printed = Cli.run(List.of(), "manager", "--config", hosts.get(i - 1).path("/etc/orchestrate/manager.yaml").toString(), "--print-config");
      assertThat(printed.exitCode()).as(printed.toString()).isZero();
      JsonNode cfg = Json.yaml().readTree(printed.out());
      assertThat(cfg.path("id").asText()).isEqualTo("m" + i);
      assertThat(cfg.path("api").asText()).isEqualTo(apis.get(i - 1));
      assertThat(cfg.path("peers").size()).isEqualTo(3);
      // No certificates in this runbook yet: plain text, asked for by the shipped config.
      assertThat(cfg.path("insecure").asBoolean()).isTrue();
      assertThat(cfg.path("acl").asBoolean()).isFalse();
    }
    CliRun printedWorker = Cli.run(List.of(), "worker", "--config", host1.path("/etc/orchestrate/worker.yaml").toString(), "--print-config");
    assertThat(printedWorker.exitCode()).as(printedWorker.toString()).isZero();
    assertThat(Json.yaml().readTree(printedWorker.out()).path("managers")).hasSize(3);

    // Steps 3 and 4: the units' ExecStart lines.
    String managerExec = single(SystemdUnit.read(OPS.resolve("systemd/orchestrate-manager.service")).execStart());
    String workerExec = single(SystemdUnit.read(OPS.resolve("systemd/orchestrate-worker.service")).execStart());
    List<Process> managers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) managers.add(hosts.get(i - 1).start(managerExec, ENV, dir.resolve("m" + i + ".log")));
    Process worker = host1.start(workerExec, ENV, dir.resolve("w1.log"));

    // Verify, with ORCHESTRATE_MANAGERS naming the three APIs as the runbook exports it.
    JsonNode members = await("three members with a leader").atMost(START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> json(Cli.run(apis, "cluster", "members", "-o", "json")),
            j -> j.path("members").size() == 3 && countRole(j, "LEADER") == 1 && countRole(j, "FOLLOWER") == 2);
    assertThat(members.path("members")).extracting(n -> n.path("id").asText()).containsExactlyInAnyOrder("m1", "m2", "m3");
    await("applied indexes close together").atMost(MiniCluster.WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> spread(json(Cli.run(apis, "cluster", "members", "-o", "json"))) <= 2);
    CliRun membersText = Cli.run(apis, "cluster", "members");
    assertThat(membersText.exitCode()).as(membersText.toString()).isZero();
    assertThat(membersText.out()).contains("LEADER").contains("FOLLOWER");

    await("w1 READY").atMost(START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> json(Cli.run(apis, "nodes", "-o", "json")).path("nodes").get(0).path("state").asText().equals("READY"));
    CliRun nodes = Cli.run(apis, "nodes");
    assertThat(nodes.out().lines().filter(l -> l.startsWith("w1"))).singleElement().asString().contains("READY").contains("process");

    CliRun run = Cli.run(apis, "run", "-f", OPS.resolve("examples/hello.yaml").toString(), "--wait");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    CliRun status = Cli.run(apis, "status", "hello");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("1/1 running").contains("w1");
    assertThat(new HttpApi().get(metrics, "/metrics").status()).as("the worker serves the metrics its config names").isEqualTo(200);
    for (String a : apis) assertThat(new HttpApi().get(a, "/metrics").status()).as("Prometheus target " + a).isEqualTo(200);

    // Roll back: systemctl disable --now sends SIGTERM; each process stops well within TimeoutStopSec.
    List<Process> all = new ArrayList<>(List.of(worker));
    all.addAll(managers);
    for (int i = 0; i < all.size(); i++) {
      Path unit = OPS.resolve(i == 0 ? "systemd/orchestrate-worker.service" : "systemd/orchestrate-manager.service");
      Process p = all.get(i);
      p.destroy();
      assertThat(p.waitFor(Long.parseLong(setting(unit, "TimeoutStopSec")), TimeUnit.SECONDS)).as("stops on SIGTERM within TimeoutStopSec").isTrue();
      // Otherwise systemd marks the unit failed after every clean stop (a JVM ends SIGTERM with 128+15).
      List<String> success = new ArrayList<>(List.of("0"));
      success.addAll(List.of(setting(unit, "SuccessExitStatus").split("\\s+")));
      assertThat(success).as(unit.getFileName() + ": the exit status of a SIGTERM stop counts as success").contains(String.valueOf(p.exitValue()));
    }
    assertThat(Cli.run(apis, "cluster", "members").exitCode()).as("nothing answers any more").isEqualTo(3);
  }

  /** Sets a top-level key of a config example, failing if the example no longer has it. */
  private static String edit(String yaml, String key, String value) {
    Pattern p = Pattern.compile("(?m)^" + key + ":.*$");
    assertThat(p.matcher(yaml).find()).as("the example config has key " + key).isTrue();
    return p.matcher(yaml).replaceFirst(key + ": " + java.util.regex.Matcher.quoteReplacement("'" + value + "'"));
  }

  private static String replaceAll(String text, Map<String, String> addresses) {
    String out = text;
    for (Map.Entry<String, String> e : addresses.entrySet()) {
      assertThat(out).as("the example names " + e.getKey()).contains(e.getKey());
      out = out.replace(e.getKey(), e.getValue());
    }
    assertThat(out.replaceAll("(?m)^#.*$", "")).as("every address moved to loopback").doesNotContain("10.0.0.");
    return out;
  }

  private static String single(List<String> lines) {
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  /** A unit's setting, or "" when it does not set it. */
  private static String setting(Path unit, String key) throws IOException {
    return Files.readAllLines(unit).stream().filter(l -> l.startsWith(key + "=")).findFirst().map(l -> l.substring(key.length() + 1).strip()).orElse("");
  }

  private static JsonNode json(CliRun r) throws IOException {
    if (r.exitCode() != 0) throw new IllegalStateException(r.toString());
    return Json.lenient().readTree(r.out());
  }

  private static long countRole(JsonNode cluster, String role) {
    long n = 0;
    for (JsonNode m : cluster.path("members")) if (m.path("role").asText().equals(role)) n++;
    return n;
  }

  private static long spread(JsonNode cluster) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (JsonNode m : cluster.path("members")) {
      long i = m.path("appliedIndex").asLong(-1);
      if (i < 0) return Long.MAX_VALUE;
      min = Math.min(min, i);
      max = Math.max(max, i);
    }
    return max - min;
  }
}
