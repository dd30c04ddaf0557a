package io.orchestrate.testkit;


import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.localcluster.LocalCluster;
import io.orchestrate.manager.Manager;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.worker.Worker;
import io.orchestrate.worker.WorkerConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The in-process cluster every integration test uses: N managers on loopback with fixed ports,
 * each with its own data directory, that can be killed, wiped, restarted from disk, and asked who
 * leads. {@link #close()} checks that every live replica reached the same state digest at the
 * same applied index (the determinism check), then stops everything.
 *
 * <p>{@link #kill} stops a manager without any graceful step (no leadership hand-off, no final
 * snapshot); data already written stays as a crash would leave it. Tests that need a real SIGKILL
 * run managers as child processes.
 */
public final class MiniCluster implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(30);
  /** The node TTL of a cluster whose test does not choose one. */
  public static final Duration DEFAULT_NODE_TTL = Duration.ofSeconds(10);

  private final LocalCluster managers;
  private final HttpApi http;
  private final Map<String, WorkerConfig> workerConfigs = new LinkedHashMap<>();
  private final Map<String, Worker> workers = new HashMap<>();
  private boolean checkOnClose = true;
  /** The token the harness's own reads (digests) send, for a cluster started with ACLs on. */
  private volatile String token;

  private MiniCluster(LocalCluster managers) {
    this.managers = managers;
    this.http = managers.pki() == null ? new HttpApi() : new HttpApi(clientTls(managers.pki().client("test-client")));
  }

  /** A JDK TLS context that presents {@code files}' certificate, as a client command would. */
  public static javax.net.ssl.SSLContext clientTls(io.orchestrate.security.TlsFiles files) {
    return io.orchestrate.security.TlsContexts.jdkClient(io.orchestrate.security.TlsMaterial.load(files));
  }

  /**
   * Starts {@code managers} managers under {@code root} and waits for a leader and for every
   * manager's addresses in the leader's state. Until then each registration is a write still to
   * come, and a test that compares applied indexes or digests across a request would see it.
   */
  public static MiniCluster start(Path root, int managers) {
    return start(root, managers, UnaryOperator.identity());
  }

  /** {@code managers} managers with API tokens required ({@code --acl}); {@link #bootstrapAcl} makes the first. */
  public static MiniCluster startWithAcl(Path root, int managers, UnaryOperator<ManagerConfig.Builder> tune) {
    return start(root, managers, b -> tune.apply(b.acl(true)));
  }

  public static MiniCluster start(Path root, int managers, UnaryOperator<ManagerConfig.Builder> tune) {
    return start(root, managers, tune, false, io.orchestrate.manager.ManagerHooks.NONE);
  }

  /**
   * As {@link #start(Path, int, UnaryOperator)}, with mutual TLS on every port when {@code tls}:
   * a throwaway CA under {@code root/pki} ({@link #pki()}), manager certificates for loopback, a
   * worker certificate for each worker started, and {@link #http()} speaking HTTPS as a client.
   */
  public static MiniCluster start(Path root, int managers, UnaryOperator<ManagerConfig.Builder> tune, boolean tls) {
    return start(root, managers, tune, tls, io.orchestrate.manager.ManagerHooks.NONE);
  }

  /** As {@link #start(Path, int, UnaryOperator)}, every manager working as {@code hooks} say at its first start. */
  public static MiniCluster start(Path root, int managers, UnaryOperator<ManagerConfig.Builder> tune, io.orchestrate.manager.ManagerHooks hooks) {
    return start(root, managers, tune, false, hooks);
  }

  private static MiniCluster start(Path root, int managers, UnaryOperator<ManagerConfig.Builder> tune, boolean tls,
      io.orchestrate.manager.ManagerHooks hooks) {
    return new MiniCluster(LocalCluster.builder(root).managers(managers).tls(tls).hooks(hooks)
        // Shorter than production so tests fail over quickly; still well above a GC pause here. The node
        // TTL is longer than production's 6 s: after a failover every worker has one TTL to find the new
        // leader before its tasks move, and a test that did not choose a TTL asserts that nothing moves.
        .tune(b -> tune.apply(b.electionTimeout(Duration.ofMillis(600), Duration.ofMillis(1200)).requestTimeout(Duration.ofSeconds(5))
            .nodeTtl(DEFAULT_NODE_TTL)))
        .cutOff(RaftIsolation::isIsolated)
        .wait(WAIT)
        .start());
  }

  /**
   * Starts a new manager in join mode ({@code --join}: its peers name only itself), holding no
   * membership until {@code cluster add-manager} adds it. Its data directory is {@code root/id};
   * a directory left by an earlier manager of that id is wiped first, as on a replaced host.
   */
  public Manager startJoining(String id) {
    return managers.startJoining(id);
  }

  /** A manager's Raft address, as {@code cluster add-manager --raft} takes it. */
  public String raftAddress(String id) {
    return managers.raftAddress(id);
  }

  /** Stops (if running) and forgets a manager removed from the cluster, so it is no longer listed. */
  public void forget(String id) {
    managers.forget(id);
  }

  public List<String> ids() {
    return managers.ids();
  }

  public Set<String> runningIds() {
    return managers.runningIds();
  }

  public Manager manager(String id) {
    return managers.manager(id);
  }

  /** The API address of a manager, running or not (it keeps its port across restarts). */
  public String api(String id) {
    return managers.api(id);
  }

  /** Every manager's API address, in id order: what a user passes as {@code --managers}. */
  public List<String> apis() {
    return managers.apis();
  }

  public Path dataDir(String id) {
    return managers.dataDir(id);
  }

  public HttpApi http() {
    return http;
  }

  /** The CA and certificates of a TLS cluster, or null for a plain one. */
  public io.orchestrate.localcluster.LocalPki pki() {
    return managers.pki();
  }

  /** Waits for one running manager to lead with its API address published, and returns it. */
  public Manager leader() {
    return managers.leader();
  }

  private static org.awaitility.core.ConditionFactory await(String what) {
    return org.awaitility.Awaitility.await(what).ignoreExceptions();
  }

  /** Any running manager that is not the leader. */
  public Manager follower() {
    Manager l = leader();
    return managers.managers().stream().filter(m -> m != l).findFirst().orElseThrow();
  }

  /** Stops a manager abruptly; its data directory stays for {@link #restart}. */
  public void kill(String id) {
    managers.kill(id);
  }

  /**
   * Cuts a running manager off from the other managers (not from workers or clients): it can
   * neither lead nor follow until {@link #heal}. {@link #leader()} ignores it meanwhile.
   */
  public void isolate(String id) {
    manager(id);
    RaftIsolation.isolate(id);
  }

  public void heal(String id) {
    RaftIsolation.heal(id);
  }

  /** Deletes a stopped manager's data directory, as if its disk were lost. */
  public void wipe(String id) {
    managers.wipe(id);
  }

  /** Starts (or restarts from its data directory) one manager. */
  public Manager restart(String id) {
    return managers.restart(id);
  }

  /** Starts (or restarts) one manager with its configuration changed for this start only, and with {@code hooks}. */
  public Manager restart(String id, UnaryOperator<ManagerConfig.Builder> change, io.orchestrate.manager.ManagerHooks hooks) {
    return managers.restart(id, change, hooks);
  }

  /**
   * Submits a job file the way a careful client would: to each running manager in turn, following a
   * redirect, until one answers with something other than a redirect or a refused connection.
   *
   * <p>An attempt answered 503 (or not at all) may still commit: its wait for the commit timed out,
   * or the leader changed after proposing it. Sent again without a key, the same file then reads as
   * the job it already is (200 "unchanged") instead of the 201 the caller's one submission made. So
   * a call without a key of the caller's sends one of its own, the same on each attempt, and a retry
   * is answered with the job the earlier attempt made.
   */
  public HttpApi.Reply submit(byte[] jobFile, String idempotencyKey) {
    String key = idempotencyKey != null ? idempotencyKey : "minicluster-" + java.util.UUID.randomUUID();
    Map<String, String> headers = Map.of("Idempotency-Key", key);
    HttpApi.Reply last = null;
    for (String id : List.copyOf(managers.runningIds())) {
      try {
        last = http.postFollowing(api(id), "/v1/jobs", jobFile, headers, 3);
        if (last.status() != 307 && last.status() != 503) return last;
      } catch (UncheckedIOException e) {
        // that manager is gone; try the next
      }
    }
    if (last == null) throw new IllegalStateException("no manager answered");
    return last;
  }

  /** Every manager's gateway address, as workers are given them. */
  public String gateways() {
    return managers.gateways();
  }

  /**
   * Starts a worker that reaches the managers through their gateways, and returns once the leader
   * has applied its registration (READY in the leader's state): the leader schedules as soon as a
   * job is applied, so a job submitted after two startWorker calls must find both nodes there.
   * {@code driver} is {@code process} (fast, no Docker) or {@code docker}.
   */
  public Worker startWorker(String id, String driver, Resources capacity) {
    return startWorker(id, driver, capacity, b -> b);
  }

  /** A worker as {@link #startWorker(String, String, Resources)}, with {@code tune} applied to its configuration last. */
  public Worker startWorker(String id, String driver, Resources capacity, java.util.function.UnaryOperator<WorkerConfig.Builder> tune) {
    WorkerConfig.Builder base = WorkerConfig.builder();
    // Before tune, so that a test can give a worker another certificate (or none).
    if (managers.pki() != null) base.tls(managers.pki().worker(id));
    WorkerConfig cfg = tune.apply(base.id(id).dataDir(managers.root().resolve("workers").resolve(id)).managers(gateways())
        .driver(driver).allow(harnessAllows(driver)).cpus(capacity.cpu()).memoryMb(capacity.memoryMb()).diskMb(Math.max(1, capacity.diskMb()))
        .advertiseHost("127.0.0.1").monitorInterval(Duration.ofMillis(200)).stopGrace(Duration.ofSeconds(2))
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500))).build();
    workerConfigs.put(id, cfg);
    Worker w = restartWorker(id);
    await("worker " + id + " registered with the leader").atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
      io.orchestrate.core.model.Node n = leader().stateMachine().image().nodes().get(id);
      return n != null && n.state() == io.orchestrate.core.model.NodeState.READY;
    });
    return w;
  }

  /**
   * A process-driver worker must be allowed to be one; the harness's workers run only the tests'
   * own commands, so it allows that for them. Host networking stays refused unless a test's
   * {@code tune} allows it, as on a worker started without {@code --allow}.
   */
  private static String[] harnessAllows(String driver) {
    return WorkerConfig.DRIVER_PROCESS.equals(driver) ? new String[] {io.orchestrate.core.spec.Allow.PROCESS_DRIVER} : new String[0];
  }

  /** Starts a stopped worker again from its data directory. */
  public Worker restartWorker(String id) {
    if (workers.containsKey(id)) throw new IllegalStateException("worker " + id + " is already running");
    Worker w = new Worker(workerConfigs.get(id)).start();
    workers.put(id, w);
    return w;
  }

  /** Stops a worker's agent; docker containers keep running (the process driver ends its children). */
  public void stopWorker(String id) {
    Worker w = workers.remove(id);
    if (w == null) throw new IllegalStateException("worker " + id + " is not running");
    w.close();
  }

  /** Cuts a worker off from every manager (its tasks keep running), as a network partition would. */
  public void partitionWorker(String id) {
    worker(id).gateway().isolate(true);
  }

  public void healWorker(String id) {
    worker(id).gateway().isolate(false);
  }

  public Worker worker(String id) {
    Worker w = workers.get(id);
    if (w == null) throw new IllegalStateException("worker " + id + " is not running");
    return w;
  }

  /**
   * Bootstraps the ACLs through the leader and keeps the operator token for the harness's own reads
   * (the digest check at close); returns the bootstrap answer ({@code accessor, secret, role, name}).
   */
  public JsonNode bootstrapAcl() {
    HttpApi.Reply r = http.postFollowing(api(leader().id()), "/v1/acl/bootstrap", new byte[0], Map.of(), 3);
    if (r.status() != 201) throw new IllegalStateException("bootstrap answered " + r.status() + ": " + r.text());
    JsonNode n = r.json();
    token = n.path("secret").asText();
    return n;
  }

  /**
   * The token the harness's own reads send from now on, for a cluster whose tokens came with its
   * state (a restored snapshot) rather than from {@link #bootstrapAcl}.
   */
  public void useToken(String token) {
    this.token = token;
  }

  /** A manager's digest answer: {@code {manager, appliedIndex, digest}}. */
  public JsonNode digest(String id) {
    return StateDigests.of(http, api(id), token);
  }

  /**
   * Waits until every running manager reports the same applied index and digest, and returns
   * that digest. The wait ends early only when all agree; a persistent mismatch fails.
   */
  public String awaitSameDigest() {
    return StateDigests.awaitSame(http, managers.runningIds().stream().map(this::api).toList(), token, WAIT);
  }

  /** Skip the determinism check at close (for a test that leaves replicas deliberately apart). */
  public void skipDigestCheckOnClose() {
    checkOnClose = false;
  }

  @Override
  public void close() {
    for (String id : managers.ids()) RaftIsolation.heal(id);
    List<Throwable> failures = new ArrayList<>();
    if (checkOnClose && managers.runningIds().size() > 1) {
      try {
        awaitSameDigest();
      } catch (Throwable t) {
        failures.add(new AssertionError("replicas did not converge to one state digest", t));
      }
    }
    for (String id : List.copyOf(workers.keySet())) {
      try {
        stopWorker(id);
      } catch (Throwable t) {
        failures.add(t);
      }
    }
    try {
      managers.close();
    } catch (Throwable t) {
      failures.add(t);
    }
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError("cluster failures: " + failures.get(0).getMessage(), failures.get(0));
      failures.stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
  }
}
