package io.orchestrate.localcluster;

import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsMaterial;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Managers as separate processes on loopback, laid out by a {@link LoopbackLayout}: one child JVM
 * each ({@code orchestrate manager ...}), with its log in {@code logs/ID.log}. A SIGKILL here is a
 * real one, so this is how the demo (and any measurement meant to match a deployment) runs them.
 * {@link #start} returns once a leader is elected and every manager's API address is published,
 * as seen through the HTTP API.
 *
 * <p>With TLS ({@link #startSecure}) it makes a throwaway CA in {@code root/pki} of the layout,
 * starts each manager with its own certificate (and so with API tokens required), bootstraps the
 * ACL itself and keeps the operator token: {@link #client} then speaks HTTPS with a client
 * certificate and that token. Without, the managers run with {@code --insecure}.
 *
 * <p>Owned by the thread that started it.
 */
public final class ProcessCluster implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);

  private final LoopbackLayout layout;
  private final Path logs;
  private final Duration wait;
  private final Map<String, ChildProcess> managers = new LinkedHashMap<>();
  /** The cluster's CA and certificates, null in plain text. */
  private final LocalPki pki;
  private final SSLContext clientTls;
  /** The operator token bootstrapped at start, null in plain text. */
  private String token;

  /** The client certificate's name in {@link #pki()}: who {@link #client} is. */
  public static final String CLIENT = "local-client";

  private ProcessCluster(LoopbackLayout layout, Path logs, Duration wait, List<String> jvmOptions, boolean tls) {
    this.layout = layout;
    this.logs = logs;
    this.wait = wait;
    this.pki = tls ? LocalPki.open(layout.root().resolve("pki")) : null;
    this.clientTls = tls ? TlsContexts.jdkClient(TlsMaterial.load(pki.client(CLIENT))) : null;
    for (ManagerSlot s : layout.slots()) {
      List<String> args = s.managerArgs(layout.peersArg(), tls ? pki.manager(s.id()) : null);
      managers.put(s.id(), new ChildProcess(s.id(), args, logs.resolve(s.id() + ".log"), jvmOptions));
    }
  }

  /**
   * Starts every manager of {@code layout} as a child process, logging into {@code logs}, and waits
   * (up to {@code wait}) for a leader with every member's API address published. The JVMs are small
   * ({@link ChildProcess#SMALL_JVM}).
   */
  public static ProcessCluster start(LoopbackLayout layout, Path logs, Duration wait) throws IOException {
    return start(layout, logs, wait, ChildProcess.SMALL_JVM);
  }

  /** The same with {@code jvmOptions} for every manager's JVM: a benchmark's heap and collector. Plain text. */
  public static ProcessCluster start(LoopbackLayout layout, Path logs, Duration wait, List<String> jvmOptions) throws IOException {
    return start(layout, logs, wait, jvmOptions, false);
  }

  /** As {@link #start(LoopbackLayout, Path, Duration)}, with mutual TLS and API tokens, the ACL bootstrapped. */
  public static ProcessCluster startSecure(LoopbackLayout layout, Path logs, Duration wait) throws IOException {
    return start(layout, logs, wait, ChildProcess.SMALL_JVM, true);
  }

  /** With {@code jvmOptions} for every manager's JVM, and mutual TLS and API tokens when {@code tls} (plain text otherwise). */
  public static ProcessCluster start(LoopbackLayout layout, Path logs, Duration wait, List<String> jvmOptions, boolean tls)
      throws IOException {
    java.nio.file.Files.createDirectories(logs);
    ProcessCluster c = new ProcessCluster(layout, logs, wait, jvmOptions, tls);
    try {
      for (ChildProcess p : c.managers.values()) p.start();
      if (tls) c.bootstrap();
      c.awaitLeader();
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  public LoopbackLayout layout() {
    return layout;
  }

  public Path logs() {
    return logs;
  }

  public ChildProcess process(String id) {
    ChildProcess p = managers.get(id);
    if (p == null) throw new IllegalArgumentException("no manager " + id + " in this cluster");
    return p;
  }

  public List<ChildProcess> processes() {
    return List.copyOf(managers.values());
  }

  /**
   * Waits for a leader through {@code /v1/health} (open without a token), then has it make the
   * operator token. Once only: a second bootstrap is refused, so a lost answer fails the start.
   */
  private void bootstrap() {
    ManagersClient open = client(layout.apis(), ClientSettings.defaults().withTimeout(wait));
    Waits.until("a leader", wait, POLL, () -> open.health().value().leader());
    token = open.bootstrapAcl().value().secret();
  }

  /** The CA and certificates of a cluster started with TLS, else null; {@link LocalPki#worker} issues a worker's. */
  public LocalPki pki() {
    return pki;
  }

  /** The client TLS context (the cluster CA's {@link #CLIENT} certificate) of a cluster started with TLS, else null. */
  public SSLContext clientTls() {
    return clientTls;
  }

  /** The operator token of a cluster started with TLS, else null. */
  public String token() {
    return token;
  }

  /** A client over every manager's API, which finds the leader by itself. */
  public ManagersClient client(Duration timeout) {
    return client(layout.apis(), ClientSettings.defaults().withTimeout(timeout));
  }

  /** A client of {@code addresses} with {@code settings}, plus this cluster's client certificate and token when it has them. */
  public ManagersClient client(List<String> addresses, ClientSettings settings) {
    return new ManagersClient(addresses, token == null ? settings : settings.withToken(token), Time.SYSTEM, clientTls);
  }

  /** Waits for a leader whose state lists every member reachable with its API address, and returns that view. */
  public ClusterView awaitLeader() {
    ManagersClient client = client(wait);
    return Waits.until("a leader, and every manager's address published", wait, POLL, () -> {
      ClusterView v = client.cluster().value();
      return v.leader() != null && v.members().stream().allMatch(m -> m.apiAddress() != null && !"UNREACHABLE".equals(m.role())) ? v : null;
    });
  }

  /** SIGKILL, as after a power cut; the data directory stays. */
  public void kill(String id) throws InterruptedException {
    process(id).kill();
  }

  /** Starts a stopped manager again from its data directory. */
  public void restart(String id) throws IOException {
    process(id).start();
  }

  /** SIGTERM to every manager still running, then SIGKILL to any that has not exited within the grace. */
  public void stop(long graceMillis) throws InterruptedException {
    for (ChildProcess p : managers.values()) p.stop(graceMillis);
  }

  @Override
  public void close() {
    try {
      stop(3_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (ChildProcess p : managers.values()) p.destroyNow();
    }
  }
}
