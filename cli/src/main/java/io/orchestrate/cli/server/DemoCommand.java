package io.orchestrate.cli.server;

import io.orchestrate.cli.Table;
import io.orchestrate.cli.client.ApiRequest;
import io.orchestrate.cli.client.ClientSettings;
import io.orchestrate.cli.client.ManagersClient;
import io.orchestrate.cli.client.Time;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.api.DigestView;
import io.orchestrate.core.api.HealthView;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.MemberView;
import io.orchestrate.core.api.TaskView;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a scripted failover story on this machine: starts 3 managers as child processes on loopback,",
        "submits a job, kills the leading manager with SIGKILL, shows the new leader and how long the election",
        "took, submits again, restarts the killed manager and shows it caught up. Cleans up unless --keep."})
public final class DemoCommand implements Callable<Integer> {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(names = "--keep", description = "Leave the cluster running at the end (prints how to reach and stop it).")
  boolean keep;

  @Option(names = "--dir", paramLabel = "DIR", description = "Working directory for data and logs (default: a new temporary one).")
  Path dir;

  private PrintWriter out;
  private final Map<String, ChildProcess> managers = new LinkedHashMap<>();
  private final Map<String, String> apis = new LinkedHashMap<>();

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
        step("--keep: the cluster stays up. Try:  ORCHESTRATE_MANAGERS=%s bin/orchestrate status", String.join(",", apis.values()));
        out.printf("    stop it with: kill %s   (data and logs in %s)%n",
            String.join(" ", managers.values().stream().filter(ChildProcess::alive).map(p -> Long.toString(p.pid())).toList()), dir);
      } else {
        for (ChildProcess p : managers.values()) p.stop(3_000);
        if (!ok) out.printf("logs are in %s%n", dir);
        else deleteRecursively(dir);
      }
      out.flush();
    }
  }

  private void run() throws Exception {
    String peers = startManagers(3);
    ManagersClient client = new ManagersClient(new ArrayList<>(apis.values()), ClientSettings.defaults().withTimeout(WAIT), Time.SYSTEM);

    ClusterView view = await("a leader, and every manager's address published", () -> {
      ClusterView v = client.cluster().value();
      return v.leader() != null && v.members().stream().allMatch(m -> m.apiAddress() != null && !"UNREACHABLE".equals(m.role())) ? v : null;
    });
    step("cluster up: leader %s, term %d", view.leader(), view.term());
    printMembers(view);

    JobView web = client.submitJob(jobFile("web"), "demo-web").value();
    step("submitted job %s (%s): %d tasks, PENDING until a worker can take them", web.name(), web.id(), web.tasks().size());
    printTasks(web.tasks());

    String old = view.leader();
    step("killing the leader %s with SIGKILL (pid %d)", old, managers.get(old).pid());
    long killedAt = System.nanoTime();
    managers.get(old).kill();
    HealthView elected = awaitNewLeader(old);
    long electedMs = (System.nanoTime() - killedAt) / 1_000_000;
    step("new leader %s in term %d, elected %d ms after the kill", elected.leader(), elected.term(), electedMs);

    JobView again = client.job(web.id()).value();
    step("job %s is intact on the new leader: %s, %d tasks, same ids: %s", again.name(), again.status(), again.tasks().size(),
        ids(again.tasks()).equals(ids(web.tasks())) ? "yes" : "NO");
    if (!ids(again.tasks()).equals(ids(web.tasks()))) throw new IllegalStateException("task ids changed across failover");

    JobView batch = client.submitJob(jobFile("batch"), "demo-batch").value();
    step("submitted job %s (%s) to the new leader", batch.name(), batch.id());

    step("restarting %s from its data directory", old);
    managers.get(old).start();
    DigestView caught = awaitCaughtUp(old);
    step("%s caught up: applied index %d, state digest %s… equal on all three", old, caught.appliedIndex(), caught.digest().substring(0, 12));
    printMembers(client.cluster().value());
  }

  private String startManagers(int n) throws IOException {
    Map<String, Integer> raft = new LinkedHashMap<>();
    for (int i = 1; i <= n; i++) {
      raft.put("m" + i, freePort());
      apis.put("m" + i, "127.0.0.1:" + freePort());
    }
    String peers = String.join(",", raft.entrySet().stream().map(e -> e.getKey() + "=127.0.0.1:" + e.getValue()).toList());
    for (String id : raft.keySet()) {
      ChildProcess p = new ChildProcess(id, List.of("manager", "--id", id, "--data-dir", dir.resolve(id).toString(),
          "--peers", peers, "--api", apis.get(id)), dir.resolve(id + ".log"));
      p.start();
      managers.put(id, p);
    }
    step("started %d managers (pids %s); data and logs in %s", n,
        String.join(", ", managers.values().stream().map(p -> Long.toString(p.pid())).toList()), dir);
    return peers;
  }

  /** Asks the survivors themselves (no quorum needed for /v1/health) until one names a new leader. */
  private HealthView awaitNewLeader(String old) {
    return await("a leader other than " + old, () -> {
      for (Map.Entry<String, String> e : apis.entrySet()) {
        if (e.getKey().equals(old)) continue;
        ManagersClient one = new ManagersClient(List.of(e.getValue()),
            ClientSettings.defaults().withTimeout(Duration.ofMillis(500)).withAttemptTimeout(Duration.ofMillis(500)), Time.SYSTEM);
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
      for (String m : apis.keySet()) {
        ManagersClient one = new ManagersClient(List.of(apis.get(m)), ClientSettings.defaults().withTimeout(Duration.ofSeconds(2)), Time.SYSTEM);
        DigestView d = one.send(ApiRequest.get("/v1/state/digest")).read(DigestView.class);
        if (first == null) first = d;
        else if (first.appliedIndex() != d.appliedIndex() || !first.digest().equals(d.digest())) return null;
      }
      return first;
    });
  }

  private static <T> T await(String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        T v = probe.get();
        if (v != null) return v;
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(50); // polling interval of a bounded wait, not a guess at a duration
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    throw new IllegalStateException("timed out after " + WAIT.toSeconds() + " s waiting for " + what
        + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
  }

  private void printMembers(ClusterView v) {
    Table t = new Table("MANAGER", "ROLE", "API", "APPLIED");
    for (MemberView m : v.members()) t.row(m.id(), m.role(), m.apiAddress(), m.appliedIndex() < 0 ? "-" : m.appliedIndex());
    t.print(indent());
  }

  private void printTasks(List<TaskView> tasks) {
    Table t = new Table("TASK", "ID", "STATE", "NODE");
    for (TaskView x : tasks) t.row(x.name() + "/" + x.index(), x.id(), x.state(), x.node() == null ? "-" : x.node());
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

  static byte[] jobFile(String name) {
    String yaml = name.equals("web") ? """
        name: web
        tasks:
          - name: server
            image: local/busybox:1
            command: ["httpd", "-f", "-p", "8080"]
            count: 2
            resources: {cpu: 0.2, memoryMb: 32}
          - name: proxy
            image: local/busybox:1
            command: ["sh", "-c", "sleep 3600"]
            resources: {cpu: 0.1, memoryMb: 16}
        """ : """
        name: batch
        tasks:
          - name: worker
            image: local/busybox:1
            command: ["sh", "-c", "sleep 600"]
            count: 3
            resources: {cpu: 0.1, memoryMb: 16}
        """;
    return yaml.getBytes(StandardCharsets.UTF_8);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
    }
  }
}
