package io.orchestrate.cli.server;

import io.orchestrate.worker.Worker;
import io.orchestrate.worker.WorkerConfig;
import io.orchestrate.worker.WorkerConfigFile;
import io.orchestrate.worker.driver.DockerDriver;
import io.orchestrate.security.PlainTextWarning;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orchestrate worker}: runs one worker until it is signalled to stop; its tasks keep running after it stops. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a worker: the tasks the managers place on this host, as containers or processes.",
        "It connects to the leading manager through any listed gateway, runs the tasks placed on it, restarts them per"
            + " their restart policy, and keeps them running whatever happens to the managers.",
        "Stopping the worker leaves docker containers running; a restarted worker re-adopts them.",
        "The process driver keeps each task's output in <data-dir>/process/logs/<task>/output.log, rotated to output.log.1,"
            + " .2, ... past --process-log-max-mb, the oldest beyond --process-log-files deleted; `orchestrate logs` reads across them."})
public final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file; keys are these flags in camelCase (id, dataDir, managers, driver, cpus, memoryMb, diskMb, labels, advertiseHost, metrics, allow, pidsLimit, processLogMaxMb, processLogFiles, outputRetention, ca, cert, key). Flags win.")
  Path config;

  @Option(names = "--id", paramLabel = "ID", description = "This node's id, unique in the cluster. Required (flag or config).")
  String id;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the worker keeps its task records. Required (flag or config).")
  Path dataDir;

  @Option(names = "--managers", paramLabel = "GW1,GW2,...", description = "Manager gateway addresses (HOST:PORT); any one is enough, the worker follows the leader. Required (flag or config).")
  String managers;

  @Option(names = "--driver", paramLabel = "docker|process", description = "Task driver (default: docker). process runs commands as child processes, for machines without Docker; it needs --allow process-driver.")
  String driver;

  @Option(names = "--allow", paramLabel = "MODE,...", description = {
      "Risky modes this worker accepts, comma-separated (default: none). host-network: tasks with network: host",
      "(they share the host's ports and loopback services). process-driver: --driver process (any submitted command",
      "runs as this worker's user, unisolated). Replaces the config file's allow."})
  String allow;

  @Option(names = "--pids-limit", paramLabel = "N", description = "Most processes (threads count) one container may hold (default: 1024).")
  Long pidsLimit;

  @Option(names = "--process-log-max-mb", paramLabel = "MB", description = "The process driver rotates a task's output file once it"
      + " would grow past this (default: 10).")
  Long processLogMaxMb;

  @Option(names = "--process-log-files", paramLabel = "N", description = "Rotated output files the process driver keeps per task besides"
      + " the current one; older ones are deleted (default: 2).")
  Integer processLogFiles;

  @Option(names = "--output-retention", paramLabel = "DURATION", description = "How long the output kept of a task that left"
      + " this node stays readable with `orchestrate logs` before it is deleted, e.g. 30m, 24h, 7d (default: 24h, the managers'"
      + " default job retention).")
  String outputRetention;

  @Option(names = "--ca", paramLabel = "FILE", description = "The cluster CA (bundle) managers' certificates must come from."
      + " With --cert and --key: mutual TLS to the gateway; without all three, plain text.")
  Path ca;

  @Option(names = "--cert", paramLabel = "FILE", description = "This worker's certificate (tls issue --role worker --name ID, ID being --id).")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "This worker's private key.")
  Path key;

  @Option(names = "--insecure", description = "Connect to the gateway without TLS (config key insecure: true). Without --ca/--cert/--key"
      + " a worker refuses to start unless given this; it then logs a warning every minute.")
  boolean insecure;

  @Option(names = "--cpus", paramLabel = "N", description = "Cores offered to tasks (default: all).")
  Double cpus;

  @Option(names = "--memory-mb", paramLabel = "MB", description = "Memory offered to tasks (default: host total).")
  Long memoryMb;

  @Option(names = "--disk-mb", paramLabel = "MB", description = "Disk offered to tasks (default: free space under --data-dir).")
  Long diskMb;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A node label for placement constraints; repeatable. Added to the config file's labels.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--advertise-host", paramLabel = "HOST", description = "The address shown for this node (default: host name).")
  String advertiseHost;

  @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve Prometheus metrics at http://HOST:PORT/metrics (the shipped config uses port 7071) and the copy journal (what this worker started and stopped, when) at /v1/copies.")
  String metrics;

  @Option(names = "--print-config", description = "Print the effective configuration (as a config file) and exit.")
  boolean printConfig;

  /** Set by {@link #build()}: plain text was asked for with --insecure or config key insecure. */
  boolean plain;

  @Override
  public Integer call() throws Exception {
    WorkerConfig cfg = build();
    if (plain && cfg.tls() != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), PlainTextWarning.contradiction("worker " + cfg.id()));
    }
    if (printConfig) {
      Map<String, Object> shown = new LinkedHashMap<>(WorkerConfigFile.render(cfg));
      if (plain) shown.put("insecure", true);
      spec.commandLine().getOut().print(new String(io.orchestrate.core.codec.Json.yaml().writeValueAsBytes(shown),
          java.nio.charset.StandardCharsets.UTF_8));
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (!plain && cfg.tls() == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), PlainTextWarning.refusal("worker " + cfg.id()));
    }
    String id = cfg.id();
    if (cfg.driver().equals("docker") && !DockerDriver.fromEnvironment(id).available()) {
      spec.commandLine().getErr().println("error: no Docker engine answers; start one, or run with --driver process --allow process-driver");
      return 3;
    }
    Worker w = new Worker(cfg).start();
    ReloadOnHangup.install(w.tls(), "worker " + id);
    PlainTextWarning warning = plain ? PlainTextWarning.start("worker " + id, PlainTextWarning.WORKER_EXPOSURE) : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        if (warning != null) warning.close();
        w.close();
      } finally {
        stopped.countDown();
      }
    }, "worker-shutdown"));
    spec.commandLine().getOut().printf("worker %s running with the %s driver, offering %s, allowing %s; managers %s%s (Ctrl-C to stop)%n",
        id, cfg.driver(), w.capacityOffered(), cfg.allow().isEmpty() ? "no risky mode" : String.join(", ", cfg.allow()), cfg.managers(),
        plain ? ", WITHOUT TLS" : ", mutual TLS");
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  WorkerConfig build() {
    try {
      WorkerConfigFile.Settings s = config != null ? WorkerConfigFile.read(config) : new WorkerConfigFile.Settings();
      if (id != null) s.id = id;
      if (dataDir != null) s.dataDir = dataDir;
      if (managers != null) s.managers = managers;
      if (driver != null) s.driver = driver;
      if (cpus != null) s.cpus = cpus;
      if (memoryMb != null) s.memoryMb = memoryMb;
      if (diskMb != null) s.diskMb = diskMb;
      if (!labels.isEmpty()) {
        Map<String, String> merged = new LinkedHashMap<>(s.labels == null ? Map.of() : s.labels);
        merged.putAll(labels);
        s.labels = merged;
      }
      if (advertiseHost != null) s.advertiseHost = advertiseHost;
      if (metrics != null) s.metrics = metrics;
      if (allow != null) s.allow = allow;
      if (pidsLimit != null) s.pidsLimit = pidsLimit;
      if (processLogMaxMb != null) s.processLogMaxMb = processLogMaxMb;
      if (processLogFiles != null) s.processLogFiles = processLogFiles;
      if (outputRetention != null) s.outputRetention = outputRetention;
      if (ca != null) s.ca = ca;
      if (cert != null) s.cert = cert;
      if (key != null) s.key = key;
      plain = insecure || s.insecure;
      return s.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
