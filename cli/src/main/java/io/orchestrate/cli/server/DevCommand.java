package io.orchestrate.cli.server;

import io.orchestrate.core.spec.Allow;
import io.orchestrate.localcluster.LocalCluster;
import io.orchestrate.localcluster.LoopbackLayout;
import io.orchestrate.localcluster.ManagerSlot;
import io.orchestrate.manager.Manager;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.worker.Worker;
import io.orchestrate.worker.WorkerConfig;
import io.orchestrate.worker.driver.DockerDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orchestrate dev}: a single-manager cluster and one worker in this process, for trying things out. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a one-process cluster for trying orchestrate out: one manager and one worker.",
        "The worker uses the docker driver when an engine answers, else the process driver (allowed for it alone), and says which and why.",
        "Not highly available: for that, run three managers (see README)."})
public final class DevCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--api", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT", description = "HTTP API address (default: ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--raft", defaultValue = "127.0.0.1:7000", paramLabel = "HOST:PORT", description = "Raft address (default: ${DEFAULT-VALUE}).")
  String raft;

  @Option(names = "--gateway", defaultValue = "127.0.0.1:9090", paramLabel = "HOST:PORT", description = "Worker gateway address (default: ${DEFAULT-VALUE}).")
  String gateway;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where state is kept (default: a new temporary directory).")
  Path dataDir;

  @Option(names = "--driver", defaultValue = "auto", paramLabel = "auto|docker|process", description = "Task driver (default: ${DEFAULT-VALUE}).")
  String driver;

  @Option(names = "--allow", paramLabel = "MODE,...", description = "More risky modes for the dev worker, as orchestrate worker --allow (e.g. host-network).")
  String allow;

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("orchestrate-dev-");
    String chosen = driver;
    String why = "as asked with --driver";
    if (chosen.equals("auto")) {
      try (DockerDriver d = DockerDriver.fromEnvironment("dev")) {
        chosen = d.available() ? "docker" : "process";
      }
      why = chosen.equals("docker") ? "a Docker engine answered" : "no Docker engine answered";
    }
    var out = spec.commandLine().getOut();
    out.printf("driver: %s (%s)%n", chosen, why);
    if (chosen.equals(WorkerConfig.DRIVER_PROCESS)) {
      out.println("        tasks run as child processes of this command, as your user, without isolation (--allow process-driver)");
    }
    out.flush();
    LoopbackLayout layout = LoopbackLayout.single(dir, new ManagerSlot("dev", HostPort.parse(raft, "--raft"), HostPort.parse(api, "--api"),
        HostPort.parse(gateway, "--gateway"), dir.resolve("manager")));
    LocalCluster cluster = LocalCluster.builder(dir).layout(layout).start();
    Manager m = cluster.manager("dev");
    Worker w = new Worker(WorkerConfig.builder().id("dev-worker").dataDir(dir.resolve("worker")).managers(m.gatewayAddress().toString())
        .driver(chosen).allow(devAllows(chosen)).allow(Allow.parse(allow, "--allow")).advertiseHost("127.0.0.1").build()).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        w.close();
        cluster.close();
      } catch (Exception e) {
        System.err.println("error while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "dev-shutdown"));
    out.printf("orchestrate dev: manager at %s, worker dev-worker with the %s driver (%s); data in %s%n", m.apiAddress(), chosen, why, dir);
    out.printf("try:  ORCHESTRATE_MANAGERS=%s bin/orchestrate run -f job.yaml    (Ctrl-C to stop)%n", m.apiAddress());
    out.flush();
    stopped.await();
    return 0;
  }

  /**
   * The dev worker runs only what its own user submits on loopback, so it may use the process
   * driver it chose; host networking stays refused unless {@code --allow} says so, as on any worker.
   */
  static String[] devAllows(String driver) {
    return driver.equals(WorkerConfig.DRIVER_PROCESS) ? new String[] {Allow.PROCESS_DRIVER} : new String[0];
  }
}
