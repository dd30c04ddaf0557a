package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.CliRun;
import io.orchestrate.core.codec.Json;
import io.orchestrate.localcluster.FreePorts;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.testkit.HttpApi;
import io.orchestrate.testkit.MiniCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/runbooks/deploy-three-hosts.md on one machine. Each of the three hosts is a
 * {@link LoopbackHost} directory; the operator's machine is a directory of its own holding the CA
 * ({@code pki/}). Step 1 makes the CA and every certificate with the real {@code orchestrate tls}
 * commands (the managers' for loopback, which stands for their 10.0.0.x addresses); step 2 installs
 * each host's files in its {@code /etc/orchestrate/tls} with the runbook's modes and copies the
 * shipped ops/config files into its {@code /etc/orchestrate}, edited as the runbook says (id, api,
 * gateway, cert and key per host, the worker's id and advertiseHost), with the 10.0.0.x addresses
 * moved to loopback ports and {@code driver: process} with {@code allow: process-driver} (which the
 * runbook allows) instead of docker.
 *
 * <p>Step 0 installs the release tarball that {@code mvn package} made on each host (unpacked under
 * its {@code /opt}, linked as {@code /opt/orchestrate}); the units, config examples and the launcher
 * with its jars all come from there, so this runs in failsafe's integration-test phase.
 *
 * <p>systemd is not available here, so "systemctl enable --now" is played by starting the exact
 * ExecStart line of ops/systemd/orchestrate-{manager,worker}.service as a child process (a real
 * JVM per manager and worker, paths rewritten to the host's directory, the optional
 * {@code $ORCHESTRATE_*_ARGS} unset), and "systemctl stop" by SIGTERM, which is what systemd
 * sends. The token bootstrap, verify and roll back run the runbook's client commands with the real
 * CLI in-process, with the operator's certificate and token in {@code ORCHESTRATE_*} as the runbook
 * exports them.
 */
class DeployThreeHostsRunbookIT {
  /** A small heap per JVM, as manager.env's JAVA_OPTS would set: four JVMs share this machine. */
  private static final Map<String, String> ENV = Map.of("JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
  private static final Duration START = Duration.ofSeconds(90);
  /** Loopback stands for each manager's 10.0.0.x address and its DNS name. */
  private static final String MANAGER_HOSTS = "127.0.0.1,localhost";
  private static final Pattern EXPORTED_TOKEN = Pattern.compile("(?m)^export ORCHESTRATE_TOKEN=(\\S+)$");

  /** Kept when the test fails: the managers' and the worker's logs are in it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;
  private final List<LoopbackHost> hosts = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() throws InterruptedException {
    for (LoopbackHost h : hosts) h.killAll();
  }

  @Test
  void threeManagersAndAWorkerFromTheShippedConfigsAndUnitsServeAJobWithTlsAndTokens() throws Exception {
    Map<String, String> raft = new LinkedHashMap<>();
    Map<String, String> api = new LinkedHashMap<>();
    Map<String, String> gateway = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      raft.put("10.0.0." + i + ":7000", "127.0.0.1:" + FreePorts.next());
      api.put("10.0.0." + i + ":8080", "127.0.0.1:" + FreePorts.next());
      gateway.put("10.0.0." + i + ":7070", "127.0.0.1:" + FreePorts.next());
    }
    String metrics = "127.0.0.1:" + FreePorts.next();
    List<String> apis = List.copyOf(api.values());
    // Set by the failsafe configuration in cli/pom.xml; the package phase made the tarball.
    String version = System.getProperty("orchestrate.release.version");
    Path tarball = Path.of(System.getProperty("orchestrate.release.tarball", "(run through mvn verify)"));
    assertThat(tarball).as("the release tarball from mvn package").isRegularFile();

    // Step 1, on the operator's machine: the CA once, then every manager, worker and client certificate.
    Path pki = dir.resolve("operator/pki");
    ok(Cli.run(Map.of(), "tls", "init", "--dir", pki.toString()));
    for (int i = 1; i <= 3; i++) ok(Cli.run(Map.of(), "tls", "issue", "--dir", pki.toString(), "--role", "manager", "--name", "m" + i, "--host", MANAGER_HOSTS));
    ok(Cli.run(Map.of(), "tls", "issue", "--dir", pki.toString(), "--role", "worker", "--name", "w1"));
    ok(Cli.run(Map.of(), "tls", "issue", "--dir", pki.toString(), "--role", "client", "--name", "alice"));
    assertThat(mode(pki.resolve("ca.key"))).as("the CA key is its owner's alone").isEqualTo("rw-------");
    JsonNode inspected = Json.lenient().readTree(ok(Cli.run(Map.of(), "tls", "inspect", pki.resolve("m1.crt").toString(), "-o", "json")).out());
    assertThat(inspected.toString()).contains("127.0.0.1").contains("manager");

    // Step 2: each host's certificates with the runbook's modes, and the config examples, edited per host.
    for (int i = 1; i <= 3; i++) {
      // Step 0: the release tarball installed under the host's /opt, as the runbook does.
      LoopbackHost h = LoopbackHost.installed(dir.resolve("host" + i), tarball, version);
      hosts.add(h);
      // The config examples and units as the tarball installed them (/opt/orchestrate/ops/...).
      String managerExample = Files.readString(h.path("/opt/orchestrate/ops/config/manager.yaml"));
      Path tls = Files.createDirectories(h.path("/etc/orchestrate/tls"));
      install(pki.resolve("ca.crt"), tls, "rw-r--r--");
      install(pki.resolve("m" + i + ".crt"), tls, "rw-r--r--");
      install(pki.resolve("m" + i + ".key"), tls, "rw-------");
      String m = edit(managerExample, "id", "m" + i);
      m = edit(m, "api", api.get("10.0.0." + i + ":8080"));
      m = edit(m, "gateway", gateway.get("10.0.0." + i + ":7070"));
      m = edit(m, "dataDir", h.rewrite("/var/lib/orchestrate"));
      m = edit(m, "ca", h.rewrite("/etc/orchestrate/tls/ca.crt"));
      m = edit(m, "cert", h.rewrite("/etc/orchestrate/tls/m" + i + ".crt"));
      m = edit(m, "key", h.rewrite("/etc/orchestrate/tls/m" + i + ".key"));
      m = replaceAll(m, raft);
      Files.writeString(h.path("/etc/orchestrate/manager.yaml"), m);
    }
    LoopbackHost host1 = hosts.get(0);
    Path tls1 = host1.path("/etc/orchestrate/tls");
    install(pki.resolve("w1.crt"), tls1, "rw-r--r--");
    install(pki.resolve("w1.key"), tls1, "rw-------");
    assertThat(Files.exists(tls1.resolve("ca.key"))).as("the CA key stays on the operator's machine").isFalse();
    String w = edit(Files.readString(host1.path("/opt/orchestrate/ops/config/worker.yaml")), "driver", "process");
    w = edit(w, "allow", "process-driver");
    w = edit(w, "advertiseHost", "127.0.0.1");
    w = edit(w, "metrics", metrics);
    w = edit(w, "dataDir", host1.rewrite("/var/lib/orchestrate-worker"));
    w = edit(w, "ca", host1.rewrite("/etc/orchestrate/tls/ca.crt"));
    w = edit(w, "cert", host1.rewrite("/etc/orchestrate/tls/w1.crt"));
    w = edit(w, "key", host1.rewrite("/etc/orchestrate/tls/w1.key"));
    w = replaceAll(w, gateway);
    Files.writeString(host1.path("/etc/orchestrate/worker.yaml"), w);

    // Step 3: what each process will run with.
    for (int i = 1; i <= 3; i++) {
      CliRun printed = Cli.run(List.of(), "manager", "--config", hosts.get(i - 1).path("/etc/orchestrate/manager.yaml").toString(), "--print-config");
      assertThat(printed.exitCode()).as(printed.toString()).isZero();
      JsonNode cfg = Json.yaml().readTree(printed.out());
      assertThat(cfg.path("id").asText()).isEqualTo("m" + i);
      assertThat(cfg.path("api").asText()).isEqualTo(apis.get(i - 1));
      assertThat(cfg.path("peers").size()).isEqualTo(3);
      assertThat(cfg.path("cert").asText()).endsWith("/etc/orchestrate/tls/m" + i + ".crt");
      assertThat(cfg.has("insecure")).as("the shipped config runs with TLS").isFalse();
      assertThat(cfg.path("acl").asBoolean()).as("tokens are required with TLS").isTrue();
    }
    CliRun printedWorker = Cli.run(List.of(), "worker", "--config", host1.path("/etc/orchestrate/worker.yaml").toString(), "--print-config");
    assertThat(printedWorker.exitCode()).as(printedWorker.toString()).isZero();
    JsonNode workerCfg = Json.yaml().readTree(printedWorker.out());
    assertThat(workerCfg.path("managers")).hasSize(3);
    assertThat(workerCfg.path("cert").asText()).endsWith("/etc/orchestrate/tls/w1.crt");
    assertThat(workerCfg.has("insecure")).isFalse();

    // Steps 4 and 5: the units' ExecStart lines.
    String managerExec = single(SystemdUnit.read(host1.path("/opt/orchestrate/ops/systemd/orchestrate-manager.service")).execStart());
    String workerExec = single(SystemdUnit.read(host1.path("/opt/orchestrate/ops/systemd/orchestrate-worker.service")).execStart());
    List<Process> managers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) managers.add(hosts.get(i - 1).start(managerExec, ENV, dir.resolve("m" + i + ".log")));
    Process worker = host1.start(workerExec, ENV, dir.resolve("w1.log"));

    // Step 6: the operator's certificate in the environment, the first token bootstrapped, narrower ones made.
    Map<String, String> operator = new LinkedHashMap<>(Map.of(
        CliEnvironment.MANAGERS_VARIABLE, String.join(",", apis),
        CliEnvironment.CA_VARIABLE, pki.resolve("ca.crt").toString(),
        CliEnvironment.CERT_VARIABLE, pki.resolve("alice.crt").toString(),
        CliEnvironment.KEY_VARIABLE, pki.resolve("alice.key").toString()));
    CliRun withoutToken = await("the managers answer").atMost(START).pollInterval(Duration.ofMillis(500))
        .until(() -> Cli.run(operator, "cluster", "members"), r -> r.exitCode() != 3);
    assertThat(withoutToken.exitCode()).as("no token: refused, 401 " + withoutToken).isEqualTo(1);
    // The bootstrap is sent once (a second is refused); its deadline covers the first election.
    String operatorToken = token(ok(Cli.run(operator, "acl", "bootstrap", "--timeout", "90s")));
    assertThat(Cli.run(operator, "acl", "bootstrap").exitCode()).as("a second bootstrap is refused").isEqualTo(1);
    operator.put(CliEnvironment.TOKEN_VARIABLE, operatorToken);
    String ci = token(ok(Cli.run(operator, "token", "create", "--role", "submit", "--name", "ci")));
    String prometheus = token(ok(Cli.run(operator, "token", "create", "--role", "read", "--name", "prometheus")));
    CliRun tokens = ok(Cli.run(operator, "token", "list"));
    assertThat(tokens.out()).contains("ci").contains("prometheus").contains("operator")
        .doesNotContain(operatorToken).doesNotContain(ci).doesNotContain(prometheus);

    // Verify, with the four ORCHESTRATE_* variables of step 6.
    JsonNode members = await("three members with a leader").atMost(START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> json(Cli.run(operator, "cluster", "members", "-o", "json")),
            j -> j.path("members").size() == 3 && countRole(j, "LEADER") == 1 && countRole(j, "FOLLOWER") == 2);
    assertThat(members.path("members")).extracting(n -> n.path("id").asText()).containsExactlyInAnyOrder("m1", "m2", "m3");
    await("applied indexes close together").atMost(MiniCluster.WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> spread(json(Cli.run(operator, "cluster", "members", "-o", "json"))) <= 2);
    CliRun membersText = Cli.run(operator, "cluster", "members");
    assertThat(membersText.exitCode()).as(membersText.toString()).isZero();
    assertThat(membersText.out()).contains("LEADER").contains("FOLLOWER");

    await("w1 READY over mutual TLS").atMost(START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> json(Cli.run(operator, "nodes", "-o", "json")).path("nodes").get(0).path("state").asText().equals("READY"));
    CliRun nodes = Cli.run(operator, "nodes");
    assertThat(nodes.out().lines().filter(l -> l.startsWith("w1"))).singleElement().asString().contains("READY").contains("process");

    CliRun run = Cli.run(operator, "run", "-f", host1.path("/opt/orchestrate/ops/examples/hello.yaml").toString(), "--wait");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    CliRun status = Cli.run(operator, "status", "hello");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("1/1 running").contains("w1");
    Map<String, String> asCi = new LinkedHashMap<>(operator);
    asCi.put(CliEnvironment.TOKEN_VARIABLE, ci);
    assertThat(Cli.run(asCi, "stop", "hello").exitCode()).as("the ci token may stop a job").isZero();
    CliRun drain = Cli.run(asCi, "nodes", "drain", "w1");
    assertThat(drain.exitCode()).as("but not drain a node: " + drain).isEqualTo(1);
    assertThat(drain.err()).contains("operator").contains("submit");
    assertThat(new HttpApi().get(metrics, "/metrics").status()).as("the worker serves the metrics its config names").isEqualTo(200);
    HttpApi scraper = new HttpApi(MiniCluster.clientTls(new TlsFiles(pki.resolve("ca.crt"), pki.resolve("alice.crt"), pki.resolve("alice.key"))));
    for (String a : apis) {
      assertThat(scraper.send("GET", a, "/metrics", null, HttpApi.bearer(prometheus)).status()).as("Prometheus target " + a).isEqualTo(200);
      assertThat(scraper.get(a, "/metrics").status()).as("no token, no metrics: " + a).isEqualTo(401);
      assertThat(plainHttpAnswers(a)).as("the API speaks only TLS: " + a).isFalse();
    }

    // Roll back: systemctl disable --now sends SIGTERM; each process stops well within TimeoutStopSec.
    List<Process> all = new ArrayList<>(List.of(worker));
    all.addAll(managers);
    for (int i = 0; i < all.size(); i++) {
      Path unit = host1.path(i == 0 ? "/opt/orchestrate/ops/systemd/orchestrate-worker.service" : "/opt/orchestrate/ops/systemd/orchestrate-manager.service");
      Process p = all.get(i);
      p.destroy();
      assertThat(p.waitFor(Long.parseLong(setting(unit, "TimeoutStopSec")), TimeUnit.SECONDS)).as("stops on SIGTERM within TimeoutStopSec").isTrue();
      // Otherwise systemd marks the unit failed after every clean stop (a JVM ends SIGTERM with 128+15).
      List<String> success = new ArrayList<>(List.of("0"));
      success.addAll(List.of(setting(unit, "SuccessExitStatus").split("\\s+")));
      assertThat(success).as(unit.getFileName() + ": the exit status of a SIGTERM stop counts as success").contains(String.valueOf(p.exitValue()));
    }
    assertThat(Cli.run(operator, "cluster", "members").exitCode()).as("nothing answers any more").isEqualTo(3);
  }

  private static CliRun ok(CliRun r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  /** The secret of the runbook's {@code export ORCHESTRATE_TOKEN=...} line. */
  private static String token(CliRun r) {
    Matcher m = EXPORTED_TOKEN.matcher(r.out());
    assertThat(m.find()).as("an export line in " + r).isTrue();
    return m.group(1);
  }

  /** The runbook's {@code install -m MODE FILE DIR/}. */
  private static void install(Path file, Path dir, String mode) throws IOException {
    Path to = dir.resolve(file.getFileName());
    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(mode));
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  /** Whether {@code address} answers a plain-HTTP request with an HTTP status line. */
  private static boolean plainHttpAnswers(String address) {
    try {
      return new HttpApi().get(address, "/v1/health").status() > 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Sets a top-level key of a config example, failing if the example no longer has it. */
  private static String edit(String yaml, String key, String value) {
    Pattern p = Pattern.compile("(?m)^" + key + ":.*$");
    assertThat(p.matcher(yaml).find()).as("the example config has key " + key).isTrue();
    return p.matcher(yaml).replaceFirst(key + ": " + Matcher.quoteReplacement("'" + value + "'"));
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
