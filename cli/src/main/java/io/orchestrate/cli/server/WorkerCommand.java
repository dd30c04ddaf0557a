package io.orchestrate.cli.server;

import io.orchestrate.worker.Worker;
import io.orchestrate.worker.WorkerConfig;
import io.orchestrate.worker.driver.DockerDriver;
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
        "Runs a worker: connects to the leading manager through any listed gateway, runs the tasks placed on it,",
        "restarts them per their restart policy, and keeps them running whatever happens to the managers.",
        "Stopping the worker leaves docker containers running; a restarted worker re-adopts them."})
public final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--id", required = true, paramLabel = "ID", description = "This node's id, unique in the cluster.")
  String id;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Where the worker keeps its task records.")
  Path dataDir;

  @Option(names = "--managers", required = true, paramLabel = "GW1,GW2,...", description = "Manager gateway addresses (HOST:PORT); any one is enough, the worker follows the leader.")
  String managers;

  @Option(names = "--driver", paramLabel = "docker|process", description = "Task driver (default: ${DEFAULT-VALUE}). process runs commands as child processes, for machines without Docker.", defaultValue = "docker")
  String driver;

  @Option(names = "--cpus", paramLabel = "N", description = "Cores offered to tasks (default: all).", defaultValue = "0")
  double cpus;

  @Option(names = "--memory-mb", paramLabel = "MB", description = "Memory offered to tasks (default: host total).", defaultValue = "0")
  long memoryMb;

  @Option(names = "--disk-mb", paramLabel = "MB", description = "Disk offered to tasks (default: free space under --data-dir).", defaultValue = "0")
  long diskMb;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A node label for placement constraints; repeatable.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--advertise-host", paramLabel = "HOST", description = "The address shown for this node (default: host name).")
  String advertiseHost;

  @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve Prometheus metrics at http://HOST:PORT/metrics.")
  String metrics;

  @Override
  public Integer call() throws Exception {
    WorkerConfig cfg;
    try {
      WorkerConfig.Builder b = WorkerConfig.builder().id(id).dataDir(dataDir).managers(managers).driver(driver)
          .cpus(cpus).memoryMb(memoryMb).diskMb(diskMb).labels(labels);
      if (advertiseHost != null) b.advertiseHost(advertiseHost);
      if (metrics != null) b.metricsAddress(metrics);
      cfg = b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (cfg.driver().equals("docker") && !DockerDriver.fromEnvironment(id).available()) {
      spec.commandLine().getErr().println("error: no Docker engine answers; start one, or run with --driver process");
      return 3;
    }
    Worker w = new Worker(cfg).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        w.close();
      } finally {
        stopped.countDown();
      }
    }, "worker-shutdown"));
    spec.commandLine().getOut().printf("worker %s running with the %s driver, offering %s; managers %s (Ctrl-C to stop)%n",
        id, cfg.driver(), w.capacityOffered(), managers);
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
