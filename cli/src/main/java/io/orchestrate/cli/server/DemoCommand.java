package io.orchestrate.cli.server;

import io.orchestrate.client.Table;
import io.orchestrate.client.ApiRequest;
import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.api.DigestView;
import io.orchestrate.core.api.HealthView;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.MemberView;
import io.orchestrate.core.api.NodeList;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.util.FileTrees;
import io.orchestrate.localcluster.ChildProcess;
import io.orchestrate.localcluster.LoopbackLayout;
import io.orchestrate.localcluster.ManagerSlot;
import io.orchestrate.localcluster.ProcessCluster;
import io.orchestrate.localcluster.Waits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrate demo}: three managers as child processes on loopback, a job submitted, the
 * leader killed with SIGKILL, the election timed, the job found intact, a second job accepted by
 * the new leader, the killed manager restarted and caught up. Cleans up everything it started.
 * It runs as a cluster should: a throwaway CA in its directory, mutual TLS on every port and an
 * API token it bootstraps itself, and shows that plain HTTP and a request without the token fail.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a scripted failover story on this machine: 3 managers and 2 workers as child processes on loopback.",
        "Submits a job and shows its tasks RUNNING, kills the leading manager with SIGKILL, shows the new leader,",
        "how long the election took and the same containers still running, submits a second job, restarts the",
        "killed manager and shows it caught up. Stops every process and container it made unless --keep.",
        "Runs with mutual TLS and an API token: a throwaway CA and certificates in its directory (pki/), the token printed."})
public final class DemoCommand implements Callable<Integer> {
  /** Each step's bound: three JVMs starting with TLS take well over 10 s on a busy 2-core host. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Spec CommandSpec spec;

  @Option(names = "--keep", description = "Leave the cluster running at the end (prints how to reach and stop it).")
  boolean keep;

  @Option(names = "--dir", paramLabel = "DIR", description = "Working directory for data and logs (default: a new temporary one).")
  Path dir;

  @Option(names = "--driver", paramLabel = "auto|docker|process", defaultValue = "auto",
      description = "Task driver for the workers. auto (default) uses docker when an engine answers and has " + IMAGE + ", else process.")
  String driver;

  static final String IMAGE = "local/busybox:1";

  private PrintWriter out;
  private ProcessCluster managers;
  private final Map<String, ChildProcess> workers = new LinkedHashMap<>();
  private final java.util.List<String> jobs = new ArrayList<>();
  private ManagersClient client;
  private String chosenDriver;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    if (dir == null) dir = Files.createTempDirectory("orchestrate-demo-");
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    boolean ok = false;
    try {
      run();
      ok = true;
      step("done in %.1f s", (System.nanoTime() - t0) / 1e9);
      return 0;
    } finally {
      if (keep && ok) {
        step("--keep: the cluster stays up. Try:");
        out.printf("    %s%n    bin/orchestrate status%n", exports());
        out.printf("    stop it with: kill %s   (data and logs in %s)%n",
            String.join(" ", Stream.concat(managers.processes().stream(), workers.values().stream()).filter(ChildProcess::alive)
            .map(p -> Long.toString(p.pid())).toList()), dir);
      } else {
        cleanUp();
        if (!ok) out.printf("logs are in %s%n", dir);
        else FileTrees.deleteRecursively(dir);
      }
      out.flush();
    }
  }

  private void run() throws Exception {
    chosenDriver = chooseDriver();
    ClusterView view = startManagers(3);
    client = managers.client(WAIT);
    step("cluster up: leader %s, term %d", view.leader(), view.term());
    printMembers(view);
    showSecurity();

    startWorkers(2);
    await("both workers connected to the leader", () -> {
      NodeList nodes = client.nodes().value();
      return nodes.nodes().size() == 2 && nodes.nodes().stream().allMatch(n -> Boolean.TRUE.equals(n.get("connected"))) ? nodes : null;
    });
    step("workers w1 and w2 registered with the leader (driver: %s)", chosenDriver);

    JobView web = client.submitJob(jobFile("web", chosenDriver), "demo-web").value();
    jobs.add(web.id());
    step("submitted job web (%s): a web server (2 copies) and a proxy", web.id());
    JobView running = awaitRunning(web.id());
    printTasks(running.tasks());
    Map<String, String> before = identities(running.tasks());

    String old = view.leader();
    step("killing the leader %s with SIGKILL (pid %d)", old, managers.process(old).pid());
    long killedAt = System.nanoTime();
    managers.kill(old);
    HealthView elected = awaitNewLeader(old);
    long electedMs = (System.nanoTime() - killedAt) / 1_000_000;
    step("new leader %s in term %d, elected %d ms after the kill", elected.leader(), elected.term(), electedMs);
    // The first write the new leader commits: what a client retrying through the failover waits for.
    JobView batch = client.submitJob(jobFile("batch", chosenDriver), "demo-batch").value();
    long writtenMs = (System.nanoTime() - killedAt) / 1_000_000;
    jobs.add(batch.id());
    step("job batch (%s) committed by the new leader %d ms after the kill", batch.id(), writtenMs);

    await("both workers connected to the new leader", () -> {
      NodeList nodes = client.nodes().value();
      return nodes.nodes().stream().filter(n -> Boolean.TRUE.equals(n.get("connected"))).count() == 2 ? nodes : null;
    });
    JobView after = client.job(web.id()).value();
    boolean same = identities(after.tasks()).equals(before);
    step("the workers followed the new leader; the same %d containers are running, none restarted: %s",
        after.tasks().size(), same ? "yes" : "NO");
    printTasks(after.tasks());
    if (!same) throw new IllegalStateException("containers changed across the failover");

    step("job batch runs on the workers too");
    printTasks(awaitRunning(batch.id()).tasks());

    step("restarting %s from its data directory", old);
    managers.restart(old);
    DigestView caught = awaitCaughtUp(old);
    step("%s caught up: applied index %d, state digest %s… equal on all three", old, caught.appliedIndex(), caught.digest().substring(0, 12));
    printMembers(client.cluster().value());
  }

  /** Picks the workers' driver and says which and why. */
  private String chooseDriver() {
    String chosen;
    String why;
    if (!driver.equals("auto")) {
      chosen = driver;
      why = "as asked with --driver";
    } else {
      try (io.orchestrate.worker.driver.DockerDriver d = io.orchestrate.worker.driver.DockerDriver.fromEnvironment("demo-probe")) {
        boolean engine = d.available();
        chosen = engine && d.hasImage(IMAGE) ? "docker" : "process";
        why = chosen.equals("docker") ? "engine answered with " + IMAGE
            : engine ? "the Docker engine has no " + IMAGE + "; ops/images/build-local-images.sh builds it" : "no Docker engine answered";
      }
    }
    if (chosen.equals("docker")) {
      step("driver: docker (%s): workers run tasks as hardened containers", why);
    } else {
      step("driver: %s (%s): workers run tasks as processes of your user, so the demo starts them with --allow process-driver", chosen, why);
    }
    return chosen;
  }

  private void startWorkers(int n) throws IOException {
    for (int i = 1; i <= n; i++) {
      String id = "w" + i;
      List<String> args = new ArrayList<>(List.of("worker", "--id", id, "--data-dir", dir.resolve(id).toString(),
          "--managers", managers.layout().gateways(), "--driver", chosenDriver, "--cpus", "2", "--memory-mb", "1024",
          "--disk-mb", "2000", "--advertise-host", "127.0.0.1", "--allow", allows()));
      args.addAll(ManagerSlot.tlsArgs(managers.pki().worker(id)));
      ChildProcess p = new ChildProcess(id, args, dir.resolve(id + ".log"));
      p.start();
      workers.put(id, p);
    }
  }

  /** The demo's own workers on loopback may use the process driver it chose; nothing else risky. */
  private String allows() {
    return "process".equals(chosenDriver) ? io.orchestrate.core.spec.Allow.PROCESS_DRIVER : "";
  }

  private JobView awaitRunning(String jobId) {
    return await("every task of " + jobId + " RUNNING", () -> {
      JobView j = client.job(jobId).value();
      return j.tasks().stream().allMatch(t -> t.state().equals("RUNNING")) ? j : null;
    });
  }

  private static Map<String, String> identities(List<TaskView> tasks) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (TaskView t : tasks) m.put(t.id(), t.containerId() + "/" + t.restarts() + "/" + t.node());
    return m;
  }

  /** Stops the jobs (workers remove their containers), then the workers, then the managers. */
  private void cleanUp() throws InterruptedException {
    if (client != null) {
      for (String id : jobs) {
        try {
          client.stopJob(id);
        } catch (RuntimeException e) {
          out.printf("    (could not stop job %s: %s)%n", id, e.getMessage());
        }
      }
      try {
        await("the demo's tasks stopped on the workers", () -> {
          NodeList nodes = client.nodes().value();
          return nodes.nodes().stream().allMatch(n -> ((Number) n.getOrDefault("tasks", 0)).intValue() == 0) ? nodes : null;
        });
      } catch (RuntimeException e) {
        out.printf("    (tasks did not all stop in time: %s)%n", e.getMessage());
      }
    }
    for (ChildProcess p : workers.values()) p.stop(5_000);
    if (managers != null) managers.stop(3_000);
    if ("docker".equals(chosenDriver)) removeLeftoverContainers();
  }

  /** Whatever a worker did not get to remove (it was killed, say) goes too: the demo leaves nothing behind. */
  private void removeLeftoverContainers() {
    for (String id : workers.keySet()) {
      try (io.orchestrate.worker.driver.DockerDriver d = io.orchestrate.worker.driver.DockerDriver.fromEnvironment(id)) {
        for (io.orchestrate.worker.driver.DriverTask t : d.list()) d.remove(t.handle());
      } catch (Exception e) {
        out.printf("    (could not remove containers of %s: %s)%n", id, e.getMessage());
      }
    }
  }

  /** Starts the managers as child processes and returns the first view that shows a leader and every address. */
  private ClusterView startManagers(int n) throws IOException {
    LoopbackLayout layout = LoopbackLayout.of(dir, n);
    step("starting %d managers; data and logs in %s", n, dir);
    managers = ProcessCluster.startSecure(layout, dir, WAIT);
    step("managers running (pids %s)", String.join(", ", managers.processes().stream().map(p -> Long.toString(p.pid())).toList()));
    return managers.awaitLeader();
  }

  /**
   * Shows what the cluster refuses: plain HTTP, and an HTTPS request with the client certificate
   * but no token. Either getting through is a broken cluster, so the demo stops there.
   */
  private void showSecurity() throws InterruptedException {
    step("mutual TLS on every port and API tokens: CA and certificates in %s; operator token bootstrapped", managers.pki().dir());
    out.printf("    to use this cluster from another shell while the demo runs:%n    %s%n", exports());
    String api = managers.layout().apis().get(0);
    String plain = DemoProbes.plainHttp(api);
    out.printf("    plain HTTP to %s: %s%n", api, plain);
    int status = DemoProbes.withoutToken(api, managers.pki().client(ProcessCluster.CLIENT));
    out.printf("    HTTPS GET /v1/nodes with the client certificate but no token: HTTP %d%n", status);
    if (!plain.startsWith("refused") || status != 401) throw new IllegalStateException("the cluster accepted a request it must refuse");
  }

  /** The environment lines for the CLI against this cluster: addresses, client certificate, token. */
  private String exports() {
    io.orchestrate.security.TlsFiles c = managers.pki().client(ProcessCluster.CLIENT);
    return "export ORCHESTRATE_MANAGERS=" + String.join(",", managers.layout().apis()) + " ORCHESTRATE_CA=" + c.ca()
        + " ORCHESTRATE_CERT=" + c.cert() + " ORCHESTRATE_KEY=" + c.key() + " ORCHESTRATE_TOKEN=" + managers.token();
  }

  /** Asks the survivors themselves (no quorum needed for /v1/health) until one names a new leader. */
  private HealthView awaitNewLeader(String old) {
    return await("a leader other than " + old, () -> {
      for (ManagerSlot slot : managers.layout().slots()) {
        if (slot.id().equals(old)) continue;
        ManagersClient one = managers.client(List.of(slot.api().toString()),
            ClientSettings.defaults().withTimeout(Duration.ofMillis(500)).withAttemptTimeout(Duration.ofMillis(500)));
        HealthView h = one.health().value();
        if (h.leader() != null && !h.leader().equals(old)) return h;
      }
      return null;
    });
  }

  /** Waits until every manager reports the same applied index and state digest. */
  private DigestView awaitCaughtUp(String id) {
    return await(id + " at the same state digest as the others", () -> {
      DigestView first = null;
      for (String api : managers.layout().apis()) {
        ManagersClient one = managers.client(List.of(api), ClientSettings.defaults().withTimeout(Duration.ofSeconds(2)));
        DigestView d = one.send(ApiRequest.get("/v1/state/digest")).read(DigestView.class);
        if (first == null) first = d;
        else if (first.appliedIndex() != d.appliedIndex() || !first.digest().equals(d.digest())) return null;
      }
      return first;
    });
  }

  private static <T> T await(String what, Supplier<T> probe) {
    return Waits.until(what, WAIT, Duration.ofMillis(50), probe);
  }

  private void printMembers(ClusterView v) {
    Table t = new Table("MANAGER", "ROLE", "API", "APPLIED");
    for (MemberView m : v.members()) t.row(m.id(), m.role(), m.apiAddress(), m.appliedIndex() < 0 ? "-" : m.appliedIndex());
    t.print(indent());
  }

  private void printTasks(List<TaskView> tasks) {
    Table t = new Table("TASK", "ID", "STATE", "NODE", "CONTAINER", "RESTARTS");
    for (TaskView x : tasks) {
      String c = x.containerId() == null ? "-" : x.containerId().length() > 12 && !x.containerId().startsWith("proc-") ? x.containerId().substring(0, 12) : x.containerId();
      t.row(x.name() + "/" + x.index(), x.id(), x.state(), x.node() == null ? "-" : x.node(), c, x.restarts());
    }
    t.print(indent());
  }

  private PrintWriter indent() {
    out.flush();
    return new PrintWriter(new java.io.Writer() {
      private boolean lineStart = true;

      @Override
      public void write(char[] c, int off, int len) {
        for (int i = off; i < off + len; i++) {
          if (lineStart) out.write("    ");
          out.write(c[i]);
          lineStart = c[i] == '\n';
        }
      }

      @Override
      public void flush() {
        out.flush();
      }

      @Override
      public void close() {}
    }, true);
  }

  private static List<String> ids(List<TaskView> tasks) {
    return tasks.stream().map(TaskView::id).sorted().toList();
  }

  private void step(String fmt, Object... args) {
    out.printf("==> " + fmt + "%n", args);
    out.flush();
  }

  /** The demo's jobs. With the process driver the commands run on this host, so they are plain sleeps. */
  static byte[] jobFile(String name, String driver) {
    boolean docker = driver.equals("docker");
    String server = docker ? "[\"httpd\", \"-f\", \"-p\", \"8080\"]" : "[\"sh\", \"-c\", \"exec sleep 3600\"]";
    String sleep = "[\"sh\", \"-c\", \"exec sleep 3600\"]";
    String yaml = name.equals("web") ? """
        name: web
        tasks:
          - name: server
            image: %s
            command: %s
            count: 2
            resources: {cpu: 0.2, memoryMb: 32}
          - name: proxy
            image: %s
            command: %s
            resources: {cpu: 0.1, memoryMb: 16}
        """.formatted(IMAGE, server, IMAGE, sleep) : """
        name: batch
        tasks:
          - name: worker
            image: %s
            command: %s
            count: 3
            resources: {cpu: 0.1, memoryMb: 16}
        """.formatted(IMAGE, sleep);
    return yaml.getBytes(StandardCharsets.UTF_8);
  }
}
