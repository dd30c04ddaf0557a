package io.orchestrate.cli.server;

import io.orchestrate.cli.DurationConverter;
import io.orchestrate.bench.submit.Credentials;
import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.cli.OrchestrateCommand;
import io.orchestrate.cli.logging.LogSetup;
import ch.qos.logback.classic.Level;
import io.orchestrate.cli.OutputFormat;
import io.orchestrate.bench.submit.EtcdComparison;
import io.orchestrate.bench.submit.EtcdCluster;
import io.orchestrate.bench.submit.SubmitBench;
import io.orchestrate.bench.submit.SubmitReport;
import io.orchestrate.bench.submit.TlsComparison;
import io.orchestrate.client.ManagerAddress;
import io.orchestrate.cli.ZeroOrDurationConverter;
import io.orchestrate.core.codec.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrate bench submit}: how many job submissions per second the cluster commits, and
 * how long each takes, with a fixed number of submissions in flight. Either against running
 * managers ({@code --managers}), or against managers it starts on loopback: by default three
 * {@code orchestrate manager} processes ({@code --processes}), as deployed, with the load from this
 * process; or in this process ({@code --local}). {@code --vs etcd} runs the same load against etcd.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
        "Submits small jobs as fast as the leader commits them and prints committed submissions/s and latency percentiles.",
        "--clients submissions are in flight at a time. Only 201 answers count; errors are counted by kind.",
        "By default it starts --processes 3 manager processes on loopback (each its own JVM, as deployed; the load comes",
        "from this process), reports the first 10 s of load (cold) apart from the measured window after the warm-up (warm),",
        "and each manager's heap and RSS at the end, then removes them and their data. --local N starts managers in this",
        "process instead. Managers started here run with mutual TLS and API tokens unless --plain; --tls-vs-plain measures",
        "both. --vs etcd then runs the same load against as many etcd members (plain HTTP, its JSON gateway) and prints the",
        "ratio. Against --managers, $ORCHESTRATE_CA/CERT/KEY/TOKEN apply."})
public final class BenchSubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--managers", split = ",", paramLabel = "HOST:PORT",
      description = "Bench a running cluster: any managers' API addresses; the leader is found by following its redirect.")
  List<String> managers;

  @Option(names = "--local", paramLabel = "N",
      description = "Start N managers in this process on loopback ports, under a temporary directory (default: 3 unless --managers).")
  Integer local;

  @Option(names = "--processes", paramLabel = "N",
      description = "Start N `orchestrate manager` processes on loopback (default: 3 unless --managers or --local).")
  Integer processes;

  @Option(names = "--vs", paramLabel = "SYSTEM",
      description = "Then run the same load against SYSTEM started on loopback, and print the ratio: etcd (Debian's etcd-server).")
  String vs;

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
  SubmitBench.Http http;

  @Option(names = "--io-threads", defaultValue = "1", paramLabel = "N", description = "The HTTP client's I/O threads (default: ${DEFAULT-VALUE}).")
  int ioThreads;

  @Option(names = "--request-timeout", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "A submission not answered in this time counts as a timeout error (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--cpu-by-thread", description = "Also print the CPU each group of like-named threads used in the measured window.")
  boolean cpuByThread;

  @Option(names = "--plain", description = "Start the local managers in plain text (default: mutual TLS and API tokens, as a deployment runs).")
  boolean plain;

  @Option(names = "--tls-vs-plain", description = {"Run the same load twice on fresh local managers, in plain text and then with mutual TLS",
      "and API tokens, and print both rates and their ratio: what security costs on this machine."})
  boolean tlsVsPlain;

  @Option(names = "--pairs", defaultValue = "1", paramLabel = "N", description = {"With --tls-vs-plain: run N pairs, alternating which mode",
      "comes first, and compare the rates over all runs of each (default: ${DEFAULT-VALUE})."})
  int pairs;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "Summary as ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); with json, progress lines go to stderr.")
  OutputFormat output;

  @Override
  public Integer call() throws Exception {
    validate();
    // Managers in this process log a line per submission: thousands a second would flood the
    // terminal and time the console's writes along with the managers.
    if (managers == null) LogSetup.atLeast("io.orchestrate.manager.service.JobService", Level.WARN);
    PrintWriter progress = output == OutputFormat.json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    int children = managers != null || local != null ? 0 : processes == null ? 3 : processes;
    // Against etcd (plain HTTP) the managers run in plain text too, so that neither pays for TLS alone.
    boolean tls = !plain && vs == null;
    SubmitBench.Settings settings = new SubmitBench.Settings(managers, local == null ? 3 : local, clients, duration, warmup,
        maxRequests, http, ioThreads, requestTimeout, cpuByThread, tls, remoteCredentials(), children);
    SubmitBench bench = new SubmitBench(settings, OrchestrateCommand.environment(spec).time());
    PrintWriter out = spec.commandLine().getOut();
    if (vs != null) {
      EtcdComparison c = bench.compareEtcd(progress);
      if (output == OutputFormat.json) {
        out.println(Json.pretty(c));
        out.flush();
      } else {
        c.printText(out);
      }
      if (c.orchestrate().committed() == 0 || c.etcd().committed() == 0) {
        spec.commandLine().getErr().println("error: a run committed no write in its measured window");
        return ExitCodes.REJECTED;
      }
      return ExitCodes.OK;
    }
    if (tlsVsPlain) {
      TlsComparison c = bench.compareTls(progress, pairs);
      if (output == OutputFormat.json) {
        out.println(Json.pretty(c));
        out.flush();
      } else {
        c.printText(out);
      }
      if (c.plain().stream().anyMatch(r -> r.committed() == 0) || c.tls().stream().anyMatch(r -> r.committed() == 0)) {
        spec.commandLine().getErr().println("error: a run committed no submission in its measured window");
        return ExitCodes.REJECTED;
      }
      return ExitCodes.OK;
    }
    SubmitReport report = bench.run(progress);
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

  /**
   * For --managers: the client certificate and token from $ORCHESTRATE_CA/CERT/KEY and
   * $ORCHESTRATE_TOKEN, as the other client commands take them; none of the three files is plain HTTP.
   */
  private Credentials remoteCredentials() {
    if (managers == null) return Credentials.PLAIN;
    CliEnvironment env = OrchestrateCommand.environment(spec);
    try {
      TlsFiles files = TlsFiles.allOrNone(env.path(CliEnvironment.CA_VARIABLE), env.path(CliEnvironment.CERT_VARIABLE),
          env.path(CliEnvironment.KEY_VARIABLE), "$" + CliEnvironment.CA_VARIABLE, "$" + CliEnvironment.CERT_VARIABLE,
          "$" + CliEnvironment.KEY_VARIABLE).orElse(null);
      return new Credentials(files, env.token());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  void validate() {
    CommandLine cl = spec.commandLine();
    if (tlsVsPlain && managers != null) throw new CommandLine.ParameterException(cl, "--tls-vs-plain starts its own managers; it excludes --managers");
    if (pairs < 1 || pairs > 10) throw new CommandLine.ParameterException(cl, "--pairs must be between 1 and 10 (got " + pairs + ")");
    if (tlsVsPlain && plain) throw new CommandLine.ParameterException(cl, "--tls-vs-plain runs both; it excludes --plain");
    if (managers != null && local != null) throw new CommandLine.ParameterException(cl, "--managers and --local exclude each other: bench a running cluster or start one");
    if (processes != null && (managers != null || local != null)) {
      throw new CommandLine.ParameterException(cl, "--processes starts manager processes; it excludes --managers and --local");
    }
    if (processes != null && (processes < 1 || processes > 7)) throw new CommandLine.ParameterException(cl, "--processes must be between 1 and 7 (got " + processes + ")");
    if (vs != null && !vs.equals("etcd")) throw new CommandLine.ParameterException(cl, "--vs knows only etcd (got '" + vs + "')");
    if (vs != null && (managers != null || tlsVsPlain)) throw new CommandLine.ParameterException(cl, "--vs etcd starts both itself; it excludes --managers and --tls-vs-plain");
    if (vs != null && EtcdCluster.binary().isEmpty()) {
      throw new CommandLine.ParameterException(cl, "--vs etcd needs the etcd binary on the PATH (Debian: apt-get install etcd-server)");
    }
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
}
