package io.orchestrate.cli.server;

import io.orchestrate.cli.DurationConverter;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.cli.OrchestrateCommand;
import io.orchestrate.cli.OutputFormat;
import io.orchestrate.cli.bench.CpuMeter;
import io.orchestrate.cli.bench.GcMeter;
import io.orchestrate.cli.bench.JdkTransport;
import io.orchestrate.cli.bench.JvmSummary;
import io.orchestrate.cli.bench.LocalCluster;
import io.orchestrate.cli.bench.NettyTransport;
import io.orchestrate.cli.bench.SubmitLoad;
import io.orchestrate.cli.bench.SubmitReport;
import io.orchestrate.cli.bench.SubmitStats;
import io.orchestrate.cli.bench.SubmitTransport;
import io.orchestrate.cli.bench.ZeroOrDurationConverter;
import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagerAddress;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrate bench submit}: how many job submissions per second the cluster commits, and
 * how long each takes, with a fixed number of submissions in flight. Either against running
 * managers ({@code --managers}) or, by default, against managers this process starts on loopback.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
        "Submits small jobs as fast as the leader commits them, with --clients submissions in flight, and prints",
        "committed submissions/s and latency percentiles. Only 201 answers count; errors are counted by kind.",
        "By default it starts --local 3 managers in this process (so they share the CPU with the client; the",
        "summary shows how the cores were split) and removes them and their data afterwards."})
public final class BenchSubmitCommand implements Callable<Integer> {
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
  static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);

  /** Which HTTP client sends the load. */
  public enum Http { netty, jdk }

  @Spec CommandSpec spec;

  @Option(names = "--managers", split = ",", paramLabel = "HOST:PORT",
      description = "Bench a running cluster: any managers' API addresses; the leader is found by following its redirect.")
  List<String> managers;

  @Option(names = "--local", paramLabel = "N",
      description = "Start N managers in this process on loopback ports, under a temporary directory (default: 3 unless --managers).")
  Integer local;

  @Option(names = "--clients", defaultValue = "64", paramLabel = "C", description = "Submissions in flight at once (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--duration", defaultValue = "20s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Length of the measured window (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "5s", paramLabel = "DURATION", converter = ZeroOrDurationConverter.class,
      description = "Load before the measured window, not counted; 0 for none (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--max-requests", defaultValue = "10000000", paramLabel = "N",
      description = "End the measured window early once N requests were sent in it and answered (default: ${DEFAULT-VALUE}).")
  long maxRequests;

  @Option(names = "--http", defaultValue = "netty", paramLabel = "CLIENT",
      description = "HTTP client: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Http http;

  @Option(names = "--io-threads", defaultValue = "1", paramLabel = "N", description = "The HTTP client's I/O threads (default: ${DEFAULT-VALUE}).")
  int ioThreads;

  @Option(names = "--request-timeout", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "A submission not answered in this time counts as a timeout error (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--cpu-by-thread", description = "Also print the CPU each group of like-named threads used in the measured window.")
  boolean cpuByThread;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "Summary as ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); with json, progress lines go to stderr.")
  OutputFormat output;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter progress = output == OutputFormat.json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    LocalCluster cluster = null;
    Thread cleanup = null;
    try {
      List<String> addresses = managers;
      String target;
      if (managers == null) {
        int n = local == null ? 3 : local;
        progress.printf("starting %d managers in this process on loopback ...%n", n);
        progress.flush();
        cluster = LocalCluster.start(n);
        LocalCluster c = cluster;
        cleanup = new Thread(() -> closeQuietly(c), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        addresses = cluster.apis();
        target = n + " in-process manager" + (n == 1 ? "" : "s") + " (" + String.join(",", addresses) + ")";
      } else {
        target = "managers " + String.join(",", managers);
      }
      String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
      URI leader = findLeader(addresses, runId);
      String leaderName = ManagerAddress.display(leader) + (cluster == null ? "" : " (" + cluster.idAt(ManagerAddress.display(leader)) + ")");
      return run(progress, target, leaderName, leader, runId, cluster != null);
    } finally {
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

  void validate() {
    CommandLine cl = spec.commandLine();
    if (managers != null && local != null) throw new CommandLine.ParameterException(cl, "--managers and --local exclude each other: bench a running cluster or start one");
    if (managers != null && managers.isEmpty()) throw new CommandLine.ParameterException(cl, "--managers needs at least one HOST:PORT");
    if (local != null && (local < 1 || local > 7)) throw new CommandLine.ParameterException(cl, "--local must be between 1 and 7 (got " + local + ")");
    if (clients < 1 || clients > 10_000) throw new CommandLine.ParameterException(cl, "--clients must be between 1 and 10000 (got " + clients + ")");
    if (maxRequests < 1) throw new CommandLine.ParameterException(cl, "--max-requests must be at least 1 (got " + maxRequests + ")");
    if (ioThreads < 1 || ioThreads > 64) throw new CommandLine.ParameterException(cl, "--io-threads must be between 1 and 64 (got " + ioThreads + ")");
    if (managers != null) {
      for (String m : managers) {
        try {
          ManagerAddress.parse(m);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(cl, "--managers: " + e.getMessage());
        }
      }
    }
  }

  /** Submits one probe job through the leader-finding client; whoever committed it is the leader. */
  private URI findLeader(List<String> addresses, String runId) {
    ClientSettings settings = ClientSettings.defaults().withTimeout(DISCOVERY_TIMEOUT);
    ManagersClient client = new ManagersClient(addresses, settings, OrchestrateCommand.environment(spec).time());
    return ManagerAddress.base(client.submitJob(SubmitLoad.body(runId, 0), runId + "-0").response().answeredBy());
  }

  private int run(PrintWriter progress, String target, String leaderName, URI leader, String runId, boolean managersInProcess)
      throws InterruptedException {
    SubmitTransport transport = http == Http.netty
        ? new NettyTransport(leader, clients, ioThreads, requestTimeout)
        : new JdkTransport(leader, ioThreads, requestTimeout);
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
    SubmitReport report;
    try {
      long start = System.nanoTime();
      long from = start + warmup.toNanos();
      long until = from + duration.toNanos();
      SubmitStats stats = new SubmitStats(from);
      SubmitLoad load = new SubmitLoad(transport, stats, clients, maxRequests, System::nanoTime, runId);
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
      if (!load.awaitIdle(requestTimeout.plusSeconds(1))) progress.println("note: some requests were still unanswered when the client closed");
      if (cpuFrom == null) cpuFrom = cpuTo;
      report = SubmitReport.of(target, ManagerAddress.display(leader), transport.describe(), clients, warmup.toMillis() / 1000.0,
          stats.summary(), CpuMeter.between(cpuFrom, cpuTo, cores), managersInProcess, gcInWindow,
          cpuByThread ? CpuMeter.byThreadGroup(cpuFrom, cpuTo) : null);
    } finally {
      gc.close();
      transport.close();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == OutputFormat.json) {
      out.println(Json.pretty(report));
      out.flush();
    } else {
      report.printText(out);
    }
    if (report.committed() == 0) {
      spec.commandLine().getErr().println("error: no submission was committed in the measured window");
      return ExitCodes.REJECTED;
    }
    return ExitCodes.OK;
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
    } catch (IOException | RuntimeException e) {
      System.err.println("error while stopping the in-process managers: " + e);
    }
  }
}
