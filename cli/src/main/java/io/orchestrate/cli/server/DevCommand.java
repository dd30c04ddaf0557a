package io.orchestrate.cli.server;

import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.core.spec.Allow;
import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.security.TlsMaterial;
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

/**
 * {@code orchestrate dev}: a single-manager cluster and one worker in this process, for trying
 * things out, secured as a real cluster is (mutual TLS, a token) with no setup step.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a one-process cluster for trying orchestrate out: one manager and one worker.",
        "The worker uses the docker driver when an engine answers, else the process driver (allowed for it alone), and says which and why.",
        "Runs with mutual TLS and an API token: a throwaway CA and certificates in the data directory (pki/), the token and env lines printed.",
        "Not highly available: for that, run three managers (see README)."})
public final class DevCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--api", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT", description = "HTTP API address (default: ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--raft", defaultValue = "127.0.0.1:7000", paramLabel = "HOST:PORT", description = "Raft address (default: ${DEFAULT-VALUE}).")
  String raft;

  @Option(names = "--gateway", defaultValue = "127.0.0.1:7070", paramLabel = "HOST:PORT", description = "Worker gateway address (default: ${DEFAULT-VALUE}).")
  String gateway;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where state is kept (default: a new temporary directory).")
  Path dataDir;

  @Option(names = "--driver", defaultValue = "auto", paramLabel = "auto|docker|process", description = "Task driver (default: ${DEFAULT-VALUE}).")
  String driver;

  @Option(names = "--allow", paramLabel = "MODE,...", description = "More risky modes for the dev worker, as orchestrate worker --allow (e.g. host-network).")
  String allow;

  @Override
  public Integer call() throws Exception {
    Running dev = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        dev.close();
      } catch (Exception e) {
        System.err.println("error while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "dev-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * The dev cluster: its manager, worker, the client certificate and the operator token.
   * Closing it stops the worker, then the manager.
   */
  record Running(LocalCluster cluster, Worker worker, TlsFiles client, String token, String api) implements AutoCloseable {
    @Override
    public void close() {
      worker.close();
      cluster.close();
    }
  }

  /**
   * Starts the manager with a throwaway CA in the data directory (certificates for the manager,
   * the worker and a client; tokens required), bootstraps the ACL through the API, starts the
   * worker, and prints how to reach it all.
   */
  Running start() throws Exception {
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
    // As `orchestrate manager` with --ca/--cert/--key: tokens required.
    LocalCluster cluster = LocalCluster.builder(dir).layout(layout).tls(true).tune(b -> b.acl(true)).start();
    try {
      Manager m = cluster.manager("dev");
      TlsFiles client = cluster.pki().client(CLIENT);
      String token = bootstrap(m.apiAddress().toString(), client);
      Worker w = new Worker(WorkerConfig.builder().id("dev-worker").dataDir(dir.resolve("worker")).managers(m.gatewayAddress().toString())
          .driver(chosen).allow(devAllows(chosen)).allow(Allow.parse(allow, "--allow")).advertiseHost("127.0.0.1")
          .tls(cluster.pki().worker("dev-worker")).build()).start();
      out.printf("orchestrate dev: manager at %s, worker dev-worker with the %s driver (%s); data in %s%n", m.apiAddress(), chosen, why, dir);
      out.printf("mutual TLS on every port and API tokens: a throwaway CA and certificates in %s; operator token bootstrapped%n",
          cluster.pki().dir());
      out.printf("use it from another shell:%n  export ORCHESTRATE_MANAGERS=%s ORCHESTRATE_CA=%s ORCHESTRATE_CERT=%s ORCHESTRATE_KEY=%s"
          + " ORCHESTRATE_TOKEN=%s%n", m.apiAddress(), client.ca(), client.cert(), client.key(), token);
      out.println("  bin/orchestrate run -f job.yaml    (Ctrl-C to stop)");
      out.flush();
      return new Running(cluster, w, client, token, m.apiAddress().toString());
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The client certificate's name in the dev CA. */
  static final String CLIENT = "dev-client";

  /** The first operator token, made through the API as `orchestrate acl bootstrap` makes it. */
  private static String bootstrap(String api, TlsFiles client) {
    ManagersClient c = new ManagersClient(java.util.List.of(api), ClientSettings.defaults().withTimeout(java.time.Duration.ofSeconds(30)),
        Time.SYSTEM, TlsContexts.jdkClient(TlsMaterial.load(client)));
    return c.bootstrapAcl().value().secret();
  }

  /**
   * The dev worker runs only what its own user submits on loopback, so it may use the process
   * driver it chose; host networking stays refused unless {@code --allow} says so, as on any worker.
   */
  static String[] devAllows(String driver) {
    return driver.equals(WorkerConfig.DRIVER_PROCESS) ? new String[] {Allow.PROCESS_DRIVER} : new String[0];
  }
}
