package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.ssl.SslHandler;
import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.CliRun;
import io.orchestrate.cli.OrchestrateCli;
import io.orchestrate.client.Time;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.localcluster.LocalPki;
import io.orchestrate.manager.Manager;
import io.orchestrate.security.Pem;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.testkit.HttpApi;
import io.orchestrate.testkit.MiniCluster;
import io.orchestrate.worker.gateway.ConnectionState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/runbooks/rotate-certificates.md on a running TLS cluster with the real {@code orchestrate tls}
 * commands: every certificate renewed from the same CA, then the CA itself replaced through a
 * bundle, all under a steady HTTPS write load that must see no failed request, and with a task
 * that must never restart.
 *
 * <p>The harness's processes read their files from one directory, {@code pki/} under the cluster
 * root ({@code ca.crt}, {@code NAME.crt}, {@code NAME.key}): here it stands for every host's
 * {@code /etc/orchestrate/tls}. The operator's CA directories are elsewhere ({@code admin/pki},
 * {@code admin/pki-2}); files issued there are installed with a copy and a rename, as the runbook
 * says. One shared {@code ca.crt} means every process sees a bundle change at once; the runbook's
 * order does not depend on that (while bundles change, every certificate is from a CA that each
 * version of the bundle holds), whereas the certificates, which it does depend on, change one
 * process at a time here as on real hosts.
 *
 * <p>A process reads its files on use, at a handshake, so only new connections show a change. An
 * established TLS connection is never checked again: its peers proved who they were when it was
 * opened, and TLS has no way to re-present a certificate on it. So the test opens new ones on
 * purpose: a probe handshake to every port, the CLI (a new client per command), the worker's
 * gateway connection closed by the manager, and a manager restarted so that Raft connects to it
 * and from it anew. The write load keeps its connections, which is the other half of the promise.
 */
class RotateCertificatesRunbookIT {
  private static final String WORKER = "w1";
  private static final List<String> CLIENTS = List.of("test-client", "load", "operator");
  private static final String LOOPBACK_HOSTS = "127.0.0.1,localhost";
  /**
   * Bound on a reload showing on new connections (files are looked at once a second at most). Each
   * poll makes handshakes to every port, or reconnects the worker, which a loaded machine can make
   * take seconds: 30 s, so that only a reload that never comes fails.
   */
  private static final Duration RELOAD = Duration.ofSeconds(30);
  private static final String JOB = """
      name: long-running
      tasks:
        - name: sleeper
          image: local/busybox:1
          command: ["sh", "-c", "exec sleep 3600"]
          resources: {cpu: 0.1, memoryMb: 16}
      """;

  @TempDir Path dir;

  @Test
  void renewEveryCertificateThenRotateTheCaUnderWritesWithNoFailedRequestAndNoTaskRestart() throws Exception {
    try (MiniCluster c = MiniCluster.start(dir.resolve("cluster"), 3, b -> b, true)) {
      LocalPki pki = c.pki();
      Path hosts = pki.dir();
      for (String client : CLIENTS) pki.client(client);
      c.startWorker(WORKER, "process", Resources.of(1, 512, 1000));
      Path oldCa = Files.createDirectories(dir.resolve("admin/pki"));
      Files.copy(hosts.resolve("ca.crt"), oldCa.resolve("ca.crt"));
      Files.copy(hosts.resolve("ca.key"), oldCa.resolve("ca.key"));

      Path jobFile = dir.resolve("long-running.yaml");
      Files.writeString(jobFile, JOB);
      CliRun submitted = cli(c, "run", "-f", jobFile.toString(), "--wait", "-o", "json");
      assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
      String job = Json.lenient().readTree(submitted.out()).path("id").asText();
      Map<String, String> task = tasks(c, job);
      assertThat(task).hasSize(1);
      assertThat(task.values().iterator().next()).as("running, never restarted").contains(" / 0 / " + WORKER);
      ProcessHandle process = ProcessHandle.of(pid(task)).orElseThrow();

      // The load talks to one manager that is never restarted, which forwards writes to the leader.
      String loadManager = c.ids().get(0);
      StrictWriteLoad load = new StrictWriteLoad(new HttpApi(MiniCluster.clientTls(pki.client("load"))), c.api(loadManager), 100, 3_000);
      try (load) {
        awaitWrites(load, 5);

        // Part A: renew every certificate from the same CA.
        for (String m : c.ids()) issueAndInstall(oldCa, hosts, "manager", m, LOOPBACK_HOSTS);
        issueAndInstall(oldCa, hosts, "worker", WORKER, null);
        for (String client : CLIENTS) issueAndInstall(oldCa, hosts, "client", client, null);
        for (String m : c.ids()) awaitPresents(c, m, serial(hosts.resolve(m + ".crt")));
        CliRun inspect = cli(c, "tls", "inspect", hosts.resolve(c.ids().get(0) + ".crt").toString(), "-o", "json");
        assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
        assertThat(new BigInteger(Json.lenient().readTree(inspect.out()).path("serial").asText(), 16))
            .isEqualTo(serial(hosts.resolve(c.ids().get(0) + ".crt")));
        BigInteger renewed = serial(hosts.resolve(WORKER + ".crt"));
        awaitWorkerPresents(c, "its renewed certificate", cert -> cert.getSerialNumber().equals(renewed));
        awaitWrites(load, 3);

        // Part B, step 1: a new CA in a new directory.
        Path newCa = dir.resolve("admin/pki-2");
        CliRun init = cli(c, "tls", "init", "--dir", newCa.toString(), "--name", "orchestrate CA 2");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        String oldName = caName(oldCa);
        String newName = caName(newCa);

        // Step 2: every bundle holds both CAs, and every port trusts both.
        writeBundle(hosts.resolve("ca.crt"), oldCa, newCa);
        CliRun bundle = cli(c, "tls", "inspect", hosts.resolve("ca.crt").toString(), "-o", "json");
        assertThat(bundle.exitCode()).as(bundle.toString()).isZero();
        assertThat(Json.lenient().readTree(bundle.out()).findValuesAsText("subject")).containsExactly(oldName, newName);
        for (String m : c.ids()) awaitTrusts(c, m, Set.of(oldName, newName));
        awaitWrites(load, 3);

        // Step 3: every certificate again, now from the new CA, one process at a time.
        Path oldOperator = Files.createDirectories(dir.resolve("old-operator"));
        Files.copy(hosts.resolve("operator.crt"), oldOperator.resolve("operator.crt"));
        Files.copy(hosts.resolve("operator.key"), oldOperator.resolve("operator.key"));
        for (String m : c.ids()) {
          issueAndInstall(newCa, hosts, "manager", m, LOOPBACK_HOSTS);
          awaitIssuedBy(c, m, newName);
          awaitWrites(load, 2);
        }
        // Halfway: managers present the new CA's certificates, the worker still the old one's.
        reconnectWorker(c);
        assertThat(workerCertificateSeen(c).getIssuerX500Principal().getName()).isEqualTo(oldName);
        assertThat(cli(c, "nodes").exitCode()).as("a client with the old CA's certificate, managers with the new").isZero();
        issueAndInstall(newCa, hosts, "worker", WORKER, null);
        for (String client : CLIENTS) issueAndInstall(newCa, hosts, "client", client, null);
        awaitWorkerPresents(c, "a certificate of the new CA", cert -> cert.getIssuerX500Principal().getName().equals(newName));

        // Step 4: the old CA leaves every bundle.
        writeBundle(hosts.resolve("ca.crt"), newCa);
        for (String m : c.ids()) awaitTrusts(c, m, Set.of(newName));
        awaitWrites(load, 3);

        // Step 5: check, with new connections everywhere. The worker connects again...
        reconnectWorker(c);
        assertThat(workerCertificateSeen(c).getIssuerX500Principal().getName()).isEqualTo(newName);
        // ...a manager restarts, so Raft connects to it and from it anew (neither the leader nor
        // the load's manager: the load must not see a refused connection)...
        String restarted = c.ids().stream().filter(id -> !id.equals(loadManager) && !id.equals(c.leader().id())).findFirst().orElseThrow();
        c.kill(restarted);
        c.restart(restarted);
        awaitFollower(c, restarted);
        // ...and leads: its votes and appends cross new connections with new certificates.
        CliRun transfer = cli(c, "cluster", "transfer-leadership", restarted);
        assertThat(transfer.exitCode()).as(transfer.toString()).isZero();
        // Its answer may name no leader yet ("leader is now null"): ask until the cluster agrees.
        await(restarted + " leads").atMost(MiniCluster.WAIT).pollInterval(Duration.ofMillis(200))
            .until(() -> cli(c, "cluster", "leader").out().lines().findFirst().orElse(""), restarted::equals);
        awaitWrites(load, 3);

        for (String m : c.ids()) {
          for (Map.Entry<String, TlsProbe.Seen> port : probeAll(c, m).entrySet()) {
            assertThat(port.getValue().issuer()).as(m + " " + port.getKey() + " presents the new CA's certificate").isEqualTo(newName);
            assertThat(port.getValue().trustedCas()).as(m + " " + port.getKey() + " trusts only the new CA").containsExactly(newName);
          }
        }
        HttpApi withOldCertificate = new HttpApi(MiniCluster.clientTls(
            new TlsFiles(hosts.resolve("ca.crt"), oldOperator.resolve("operator.crt"), oldOperator.resolve("operator.key"))));
        HttpApi withNewCertificate = new HttpApi(MiniCluster.clientTls(pki.client("operator")));
        for (String m : c.ids()) {
          assertThatThrownBy(() -> withOldCertificate.get(c.api(m), "/v1/health"))
              .as(m + " refuses a client certificate of the old CA").isInstanceOf(UncheckedIOException.class);
          assertThat(withNewCertificate.get(c.api(m), "/v1/health").status()).isEqualTo(200);
        }

        // The old CA's key signs nothing any more: retired.
        Files.delete(oldCa.resolve("ca.key"));
        assertThat(cli(c, "tls", "issue", "--dir", oldCa.toString(), "--role", "client", "--name", "late").exitCode()).isEqualTo(1);
      }

      assertThat(load.failures()).as("no API request failed during the rotation").isEmpty();
      assertThat(load.acknowledged()).as("the load ran throughout").isGreaterThanOrEqualTo(30);
      System.out.printf("write load: %d requests acknowledged in %s, %d 503s tried again, none failed%n",
          load.acknowledged(), load.elapsed(), load.retries());
      assertThat(tasks(c, job)).as("same task, same process, no restart").isEqualTo(task);
      assertThat(process.isAlive()).isTrue();

      CliRun members = cli(c, "cluster", "members", "-o", "json");
      assertThat(members.exitCode()).as(members.toString()).isZero();
      List<String> roles = new ArrayList<>();
      for (JsonNode m : Json.lenient().readTree(members.out()).path("members")) roles.add(m.path("id").asText() + " " + m.path("role").asText());
      assertThat(roles).containsExactlyInAnyOrder(
          c.ids().stream().map(id -> id + " " + (id.equals(c.leader().id()) ? "LEADER" : "FOLLOWER")).toArray(String[]::new));
    }
  }

  /**
   * The runbook's renewal of one holder: {@code orchestrate tls issue} in the CA's directory, then
   * the key and the certificate copied beside the ones in use and renamed over them, so a process
   * never reads half a file.
   */
  private static void issueAndInstall(Path caDir, Path host, String role, String name, String hostNames) throws IOException {
    List<String> args = new ArrayList<>(List.of("tls", "issue", "--dir", caDir.toString(), "--role", role, "--name", name));
    if (hostNames != null) args.addAll(List.of("--host", hostNames));
    CliRun issued = run(Map.of(), args.toArray(String[]::new));
    assertThat(issued.exitCode()).as(issued.toString()).isZero();
    install(caDir.resolve(name + ".key"), host.resolve(name + ".key"));
    install(caDir.resolve(name + ".crt"), host.resolve(name + ".crt"));
  }

  private static void install(Path from, Path to) throws IOException {
    Path next = to.resolveSibling(to.getFileName() + ".new");
    Files.copy(from, next, StandardCopyOption.REPLACE_EXISTING);
    Files.move(next, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The runbook's {@code cat old/ca.crt new/ca.crt > ca.crt.new && mv ca.crt.new ca.crt}. */
  private static void writeBundle(Path caFile, Path... caDirs) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Path d : caDirs) b.append(Files.readString(d.resolve("ca.crt")));
    Path next = caFile.resolveSibling("ca.crt.new");
    Files.writeString(next, b);
    Files.move(next, caFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String caName(Path caDir) {
    return Pem.readCertificates(caDir.resolve("ca.crt")).get(0).getSubjectX500Principal().getName();
  }

  private static BigInteger serial(Path cert) {
    return Pem.readCertificates(cert).get(0).getSerialNumber();
  }

  /** API, gateway and Raft port of one manager, each seen through a new handshake. */
  private static Map<String, TlsProbe.Seen> probeAll(MiniCluster c, String id) throws IOException {
    // Each port gets a certificate of a role it accepts, so that the handshake completes and the
    // manager logs no refusal; the files are whatever the runbook has installed so far.
    LocalPki pki = c.pki();
    Manager m = c.manager(id);
    Map<String, TlsProbe.Seen> seen = new LinkedHashMap<>();
    seen.put("api", TlsProbe.probe(c.api(id), pki.client("test-client")));
    seen.put("gateway", TlsProbe.probe(m.gatewayAddress().toString(), pki.worker(WORKER)));
    seen.put("raft", TlsProbe.probe(c.raftAddress(id), pki.manager(id)));
    return seen;
  }

  private static void awaitPresents(MiniCluster c, String id, BigInteger serial) {
    await(id + " presents certificate " + serial.toString(16) + " on every port").atMost(RELOAD).pollInterval(Duration.ofMillis(200))
        .ignoreExceptions().until(() -> probeAll(c, id).values().stream().allMatch(s -> s.serial().equals(serial)));
  }

  private static void awaitIssuedBy(MiniCluster c, String id, String ca) {
    await(id + " presents a certificate of " + ca + " on every port").atMost(RELOAD).pollInterval(Duration.ofMillis(200))
        .ignoreExceptions().until(() -> probeAll(c, id).values().stream().allMatch(s -> s.issuer().equals(ca)));
  }

  private static void awaitTrusts(MiniCluster c, String id, Set<String> cas) {
    await(id + " trusts exactly " + cas + " on every port").atMost(RELOAD).pollInterval(Duration.ofMillis(200))
        .ignoreExceptions().until(() -> probeAll(c, id).values().stream().allMatch(s -> s.trustedCas().equals(cas)));
  }

  private static void awaitWrites(StrictWriteLoad load, int more) {
    int before = load.acknowledged();
    await("writes acknowledged").atMost(MiniCluster.WAIT).until(() -> load.acknowledged() >= before + more || !load.failures().isEmpty());
    assertThat(load.failures()).as("failed API requests").isEmpty();
  }

  /**
   * Closes the worker's gateway connection from the manager's side, so that it connects again
   * with a new handshake, and waits until it is registered again. Its tasks keep running meanwhile.
   */
  private static void reconnectWorker(MiniCluster c) {
    var gateway = c.worker(WORKER).gateway();
    long before = gateway.reconnects();
    session(c).channel().close().syncUninterruptibly();
    await(WORKER + " registered again").atMost(MiniCluster.WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> gateway.reconnects() > before && gateway.state() == ConnectionState.REGISTERED && session(c).channel().isActive());
  }

  /**
   * Reconnects the worker until its new connection presents a certificate that {@code wanted}
   * accepts: a process looks at its files at most once a second, so a connection made within a
   * second of the last look may still present the previous certificate.
   */
  private static void awaitWorkerPresents(MiniCluster c, String what, java.util.function.Predicate<X509Certificate> wanted) {
    await(WORKER + " presents " + what + " on a new connection").atMost(RELOAD).pollInterval(Duration.ofMillis(300))
        .until(() -> {
          reconnectWorker(c);
          return workerCertificateSeen(c);
        }, wanted);
  }

  private static io.orchestrate.manager.session.NodeSessions.Session session(MiniCluster c) {
    for (String id : c.runningIds()) {
      for (var s : c.manager(id).sessions().all()) {
        if (s.nodeId().equals(WORKER) && s.channel().isActive()) return s;
      }
    }
    throw new IllegalStateException("no manager holds a session of " + WORKER);
  }

  /** The certificate the worker presented on its current gateway connection, as the manager saw it. */
  private static X509Certificate workerCertificateSeen(MiniCluster c) throws IOException {
    return (X509Certificate) session(c).channel().pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates()[0];
  }

  private static void awaitFollower(MiniCluster c, String id) {
    await(id + " back as a FOLLOWER").atMost(MiniCluster.WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
      CliRun r = cli(c, "cluster", "members", "-o", "json");
      for (JsonNode m : Json.lenient().readTree(r.out()).path("members")) {
        if (m.path("id").asText().equals(id)) return m.path("role").asText().equals("FOLLOWER");
      }
      return false;
    });
  }

  /** task id -> "container id / restarts / node". */
  private static Map<String, String> tasks(MiniCluster c, String job) throws IOException {
    CliRun r = cli(c, "tasks", "--job", job, "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode t : Json.lenient().readTree(r.out()).path("tasks")) {
      assertThat(t.path("state").asText()).as(t.toString()).isEqualTo("RUNNING");
      out.put(t.path("id").asText(), t.path("containerId").asText() + " / " + t.path("restarts").asInt() + " / " + t.path("node").asText());
    }
    return out;
  }

  /** The process driver's container id is {@code proc-PID}. */
  private static long pid(Map<String, String> tasks) {
    String container = tasks.values().iterator().next();
    return Long.parseLong(container.substring("proc-".length(), container.indexOf(' ')));
  }

  /** The real command tree as the operator's shell runs it, with the operator's certificate from {@code pki/}. */
  private static CliRun cli(MiniCluster c, String... args) {
    Path hosts = c.pki().dir();
    return run(Map.of(
        CliEnvironment.MANAGERS_VARIABLE, String.join(",", c.apis()),
        CliEnvironment.CA_VARIABLE, hosts.resolve("ca.crt").toString(),
        CliEnvironment.CERT_VARIABLE, hosts.resolve("operator.crt").toString(),
        CliEnvironment.KEY_VARIABLE, hosts.resolve("operator.key").toString()), args);
  }

  private static CliRun run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(new CliEnvironment(env, Time.SYSTEM))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
