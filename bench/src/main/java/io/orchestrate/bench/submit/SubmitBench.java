package io.orchestrate.bench.submit;

import io.orchestrate.bench.meter.CpuMeter;
import io.orchestrate.bench.meter.GcMeter;
import io.orchestrate.bench.meter.JvmSummary;
import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagerAddress;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.localcluster.LocalCluster;
import io.orchestrate.localcluster.ProcessCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The engine of {@code orchestrate bench submit}: how many job submissions per second the cluster
 * commits, and how long each takes, with a fixed number in flight. Either against running managers
 * or against managers it starts in this process on loopback (and removes afterwards). Progress
 * lines go to the writer it is given; the summary comes back as a {@link SubmitReport}.
 *
 * <p>Used by one thread.
 */
public final class SubmitBench {
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
  static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);

  /** Which HTTP client sends the load. */
  public enum Http { netty, jdk }

  /**
   * What to bench and how.
   *
   * @param managers running managers' API addresses, or null to start {@code local} managers here
   * @param local managers to start in this process when {@code managers} is null
   * @param localTls whether the managers started here run with mutual TLS and API tokens, as a
   *     deployment does (the client then sends its certificate and the operator token)
   * @param remote the client certificate and token for {@code managers}; {@link Credentials#PLAIN} for plain HTTP
   */
  public record Settings(List<String> managers, int local, int clients, Duration duration, Duration warmup, long maxRequests,
      Http http, int ioThreads, Duration requestTimeout, boolean cpuByThread, boolean localTls, Credentials remote, int processes) {
    public Settings {
      if (remote == null) remote = Credentials.PLAIN;
    }

    /** As before this bench had manager processes: {@code local} managers in this process unless {@code managers}. */
    public Settings(List<String> managers, int local, int clients, Duration duration, Duration warmup, long maxRequests,
        Http http, int ioThreads, Duration requestTimeout, boolean cpuByThread, boolean localTls, Credentials remote) {
      this(managers, local, clients, duration, warmup, maxRequests, http, ioThreads, requestTimeout, cpuByThread, localTls, remote, 0);
    }

    Settings withLocalTls(boolean tls) {
      return new Settings(managers, local, clients, duration, warmup, maxRequests, http, ioThreads, requestTimeout, cpuByThread, tls, remote,
          processes);
    }
  }

  /** The cold-start figure: this long from the first submission (the leader was elected just before). */
  public static final Duration COLD_WINDOW = Duration.ofSeconds(10);
  /** Manager processes get their first leader, and the ACL bootstrapped, within this. */
  static final Duration PROCESS_START = Duration.ofSeconds(90);
  /** As {@code bin/orchestrate manager} starts a manager's JVM (survivors promoted at once: the image only grows). */
  static final List<String> MANAGER_JVM = List.of("-XX:MaxTenuringThreshold=0");
  static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);

  private final Settings settings;
  /** For finding the leader (a client's waits); the measured window always runs on the system clock. */
  private final Time time;

  public SubmitBench(Settings settings, Time time) {
    this.settings = settings;
    this.time = time;
  }

  /**
   * Runs the bench {@code 2 * pairs} times on fresh in-process managers, in plain text and with
   * mutual TLS and tokens, alternating which comes first in each pair (plain-TLS, TLS-plain, ...),
   * so that neither mode always gets the warmer JVM or the quieter minute.
   */
  public TlsComparison compareTls(PrintWriter progress, int pairs) throws IOException, InterruptedException {
    if (settings.managers() != null) throw new IllegalArgumentException("comparing TLS with plain text needs managers started here, not --managers");
    List<SubmitReport> plain = new java.util.ArrayList<>();
    List<SubmitReport> tls = new java.util.ArrayList<>();
    int run = 0;
    for (int pair = 0; pair < pairs; pair++) {
      for (boolean secure : pair % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        progress.printf("run %d of %d: %s%n", ++run, 2 * pairs, secure ? "mutual TLS and API tokens" : "plain text");
        SubmitReport r = new SubmitBench(settings.withLocalTls(secure), time).run(progress);
        (secure ? tls : plain).add(r);
      }
    }
    return TlsComparison.of(plain, tls);
  }

  /**
   * Runs this bench against the managers the settings say, then the same load (client, lanes,
   * warm-up, window) against as many etcd members on loopback, written through etcd's HTTP/JSON
   * gateway with the job as the value, and compares the two.
   */
  public EtcdComparison compareEtcd(PrintWriter progress) throws IOException, InterruptedException {
    SubmitReport ours = run(progress);
    progress.println();
    SubmitReport etcd = runEtcd(progress);
    return EtcdComparison.of(ours, etcd);
  }

  /** The same load against etcd members this bench starts on loopback (and removes afterwards). */
  SubmitReport runEtcd(PrintWriter progress) throws IOException, InterruptedException {
    int n = settings.processes() > 0 ? settings.processes() : Math.max(1, settings.local());
    Path root = Files.createTempDirectory("orchestrate-bench-etcd-");
    progress.printf("starting %d etcd members on loopback (plain HTTP, data in %s) ...%n", n, root);
    progress.flush();
    EtcdCluster etcd = EtcdCluster.start(root, n);
    Thread cleanup = new Thread(() -> closeAndDelete(etcd), "bench-etcd-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      URI leader = etcd.leader();
      String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
      SubmitTransport t = new NettyTransport(leader, settings.clients(), settings.ioThreads(), settings.requestTimeout(), Credentials.PLAIN,
          NettyTransport.Endpoint.ETCD_PUT);
      SubmitReport r = measure(progress, n + " etcd members (" + String.join(",", etcd.clientUrls()) + ")", ManagerAddress.display(leader),
          leader, runId, false, t);
      List<SubmitReport.ManagerUse> use = new java.util.ArrayList<>();
      for (int i = 0; i < etcd.pids().size(); i++) {
        long pid = etcd.pids().get(i);
        use.add(new SubmitReport.ManagerUse("e" + (i + 1), pid, -1, ManagerProcesses.rss(pid)));
      }
      return r.withManagers(use, null);
    } finally {
      progress.println("stopping the etcd members and deleting " + root);
      progress.flush();
      closeAndDelete(etcd);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook runs, and closing twice is harmless.
      }
    }
  }

  private static void closeAndDelete(EtcdCluster etcd) {
    etcd.close();
    ManagerProcesses.delete(etcd.root());
  }

  /** Runs the warm-up and the measured window and returns the summary; in-process managers are gone when it returns. */
  public SubmitReport run(PrintWriter progress) throws IOException, InterruptedException {
    LocalCluster cluster = null;
    ProcessCluster processes = null;
    Thread cleanup = null;
    try {
      List<String> addresses = settings.managers();
      String target;
      Credentials credentials = settings.remote();
      if (addresses == null && settings.processes() > 0) {
        int n = settings.processes();
        boolean tls = settings.localTls();
        Path root = Files.createTempDirectory("orchestrate-bench-");
        progress.printf("starting %d manager processes on loopback%s (data and logs in %s) ...%n", n,
            tls ? " with mutual TLS and API tokens" : " in plain text", root);
        progress.flush();
        processes = ManagerProcesses.start(root, n, tls);
        ProcessCluster p = processes;
        cleanup = new Thread(() -> ManagerProcesses.closeAndDelete(p), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        addresses = processes.layout().apis();
        if (tls) credentials = new Credentials(processes.pki().client(ProcessCluster.CLIENT), processes.token());
        target = n + " manager processes" + (tls ? " with TLS + token" : " in plain text") + " (" + String.join(",", addresses) + ")";
      } else if (addresses == null) {
        int n = settings.local();
        boolean tls = settings.localTls();
        progress.printf("starting %d managers in this process on loopback%s ...%n", n, tls ? " with mutual TLS and API tokens" : " in plain text");
        progress.flush();
        // With TLS the managers require tokens, as `orchestrate manager` with --ca/--cert/--key does.
        cluster = LocalCluster.builder(Files.createTempDirectory("orchestrate-bench-")).managers(n).tls(tls).tune(b -> b.acl(tls))
            .deleteOnClose(true).start();
        LocalCluster c = cluster;
        cleanup = new Thread(() -> closeQuietly(c), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        addresses = cluster.apis();
        if (tls) credentials = bootstrap(addresses, cluster.pki().client("bench"));
        target = n + " in-process manager" + (n == 1 ? "" : "s") + (tls ? " with TLS + token" : " in plain text")
            + " (" + String.join(",", addresses) + ")";
      } else {
        target = "managers " + String.join(",", addresses) + (credentials.tls() ? " over TLS" : "");
      }
      String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
      URI leader = findLeader(addresses, runId, credentials);
      String leaderName = ManagerAddress.display(leader) + (cluster == null ? "" : " (" + cluster.idAt(ManagerAddress.display(leader)) + ")");
      ClusterView before = processes == null ? null : view(addresses, credentials);
      SubmitReport report = measure(progress, target, leaderName, leader, runId, cluster != null, transport(leader, credentials));
      if (processes != null) {
        ClusterView after = view(addresses, credentials);
        progress.println("weighing the managers (a full collection each, then heap and RSS) ...");
        progress.flush();
        report = report.withManagers(ManagerProcesses.weigh(processes, JCMD_TIMEOUT),
            new SubmitReport.Elections(before.leader(), before.term(), after.leader(), after.term()));
      }
      return report;
    } finally {
      if (processes != null) {
        progress.println("stopping the manager processes and deleting " + processes.layout().root());
        progress.flush();
        ManagerProcesses.closeAndDelete(processes);
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
          // Already shutting down: the hook runs, and closing twice is harmless.
        }
      }
      if (cluster != null) {
        progress.println("stopping the in-process managers and deleting " + cluster.root());
        progress.flush();
        cluster.close();
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
          // Already shutting down: the hook runs, and close() is idempotent.
        }
      }
    }
  }

  /** The operator token of a fresh in-process cluster, made through its API. */
  private Credentials bootstrap(List<String> addresses, io.orchestrate.security.TlsFiles client) {
    ManagersClient c = new ManagersClient(addresses, ClientSettings.defaults().withTimeout(DISCOVERY_TIMEOUT), time,
        new Credentials(client, null).jdk());
    return new Credentials(client, c.bootstrapAcl().value().secret());
  }

  private ManagersClient client(List<String> addresses, Credentials credentials) {
    ClientSettings cs = ClientSettings.defaults().withTimeout(DISCOVERY_TIMEOUT);
    if (credentials.token() != null) cs = cs.withToken(credentials.token());
    return new ManagersClient(addresses, cs, time, credentials.jdk());
  }

  /** Submits one probe job through the leader-finding client and asks the cluster who leads. */
  private URI findLeader(List<String> addresses, String runId, Credentials credentials) {
    ManagersClient client = client(addresses, credentials);
    URI answeredBy = ManagerAddress.base(client.submitJob(SubmitLoad.body(runId, 0), runId + "-0").response().answeredBy());
    // A follower forwards the probe to the leader, so who answered need not lead: the cluster's view says who does.
    ClusterView v = client.cluster().value();
    for (io.orchestrate.core.api.MemberView m : v.members()) {
      if (m.id().equals(v.leader()) && m.apiAddress() != null) return ManagerAddress.base(URI.create(answeredBy.getScheme() + "://" + m.apiAddress()));
    }
    return answeredBy;
  }

  private ClusterView view(List<String> addresses, Credentials credentials) {
    return client(addresses, credentials).cluster().value();
  }

  private SubmitTransport transport(URI leader, Credentials credentials) {
    return settings.http() == Http.netty
        ? new NettyTransport(leader, settings.clients(), settings.ioThreads(), settings.requestTimeout(), credentials)
        : new JdkTransport(leader, settings.ioThreads(), settings.requestTimeout(), credentials);
  }

  /** The warm-up, the cold window inside it and the measured window, with {@code transport} as the client (closed here). */
  SubmitReport measure(PrintWriter progress, String target, String leaderName, URI leader, String runId, boolean managersInProcess,
      SubmitTransport transport) throws InterruptedException {
    Duration warmup = settings.warmup();
    Duration duration = settings.duration();
    int clients = settings.clients();
    int cores = Runtime.getRuntime().availableProcessors();
    progress.printf("bench submit: %d clients (%s) -> leader %s; warm-up %s, measure %s%n",
        clients, transport.describe(), leaderName, seconds(warmup), seconds(duration));
    if (managersInProcess) {
      progress.printf("note: the bench client and the managers share this machine's %d cores; the summary splits the CPU.%n", cores);
      progress.println(JvmSummary.describe());
    }
    progress.flush();
    CpuMeter meter = new CpuMeter(transport::ownsThread);
    GcMeter gc = GcMeter.start();
    try {
      long start = System.nanoTime();
      long from = start + warmup.toNanos();
      long until = from + duration.toNanos();
      SubmitStats stats = new SubmitStats(from);
      // The first seconds of load, whatever the phase: how a manager does before its JIT and caches warmed up.
      SubmitStats cold = SubmitStats.window(start, start + Math.min(COLD_WINDOW.toNanos(), warmup.plus(duration).toNanos()));
      SubmitLoad load = new SubmitLoad(transport, stats, List.of(cold), clients, settings.maxRequests(), System::nanoTime, runId);
      CpuMeter.Sample cpuFrom = warmup.isZero() ? meter.sample() : null;
      if (cpuFrom != null) gc.mark();
      CpuMeter.Sample tick = meter.sample();
      long lastTick = start;
      SubmitStats.Totals last = stats.totals();
      load.start();
      // Bounded by time (until) and by count: one pass per progress tick or phase change.
      long maxTicks = (warmup.plus(duration).toNanos() / PROGRESS_EVERY.toNanos()) + 4;
      long nextTick = start + PROGRESS_EVERY.toNanos();
      for (long i = 0; i < maxTicks; i++) {
        long now = System.nanoTime();
        long wakeAt = Math.min(nextTick, until);
        if (cpuFrom == null) wakeAt = Math.min(wakeAt, from);
        boolean budgetSpent = load.awaitBudget(Duration.ofNanos(Math.max(0, wakeAt - now)));
        now = System.nanoTime();
        if (cpuFrom == null && now - from >= 0) {
          cpuFrom = meter.sample();
          gc.mark();
        }
        if (budgetSpent || now - until >= 0) break;
        if (now - nextTick >= 0) {
          CpuMeter.Sample s = meter.sample();
          SubmitStats.Totals t = stats.totals();
          progressLine(progress, now - start, now - from, now - lastTick, t, last, CpuMeter.between(tick, s, cores));
          tick = s;
          lastTick = now;
          last = t;
          nextTick += PROGRESS_EVERY.toNanos();
        }
      }
      stats.close(System.nanoTime());
      CpuMeter.Sample cpuTo = meter.sample();
      GcMeter.Summary gcInWindow = gc.summary();
      load.stopSending();
      if (!load.awaitIdle(settings.requestTimeout().plusSeconds(1))) progress.println("note: some requests were still unanswered when the client closed");
      if (cpuFrom == null) cpuFrom = cpuTo;
      return SubmitReport.of(target, ManagerAddress.display(leader), transport.describe(), clients, warmup.toMillis() / 1000.0,
          stats.summary(), CpuMeter.between(cpuFrom, cpuTo, cores), managersInProcess, gcInWindow,
          settings.cpuByThread() ? CpuMeter.byThreadGroup(cpuFrom, cpuTo) : null).withCold(cold.summary());
    } finally {
      gc.close();
      transport.close();
    }
  }

  private static void progressLine(
      PrintWriter out, long sinceStart, long sinceFrom, long sinceLastTick, SubmitStats.Totals t, SubmitStats.Totals last, CpuMeter.Usage u) {
    double interval = Math.max(1, sinceLastTick) / 1e9;
    // The line reports the interval just ended: name the phase it began in.
    String phase = sinceFrom - sinceLastTick < 0 ? "warm-up" : "measure";
    out.printf(Locale.ROOT, "[%6.1fs %s] %,8.0f submissions/s   committed %,d   errors %,d   cpu: process %.2f (client %.2f)%n",
        sinceStart / 1e9, phase, (t.committed() - last.committed()) / interval, t.committed(), t.errors(),
        u.processCores(), u.clientCores());
    out.flush();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static void closeQuietly(LocalCluster c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      System.err.println("error while stopping the in-process managers: " + e);
    }
  }
}
