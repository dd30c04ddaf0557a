package io.orchestrate.chaos;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Network.Ipam;
import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.codec.Json;
import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.security.TlsMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.MountableFile;

/**
 * Managers and workers as containers on one Testcontainers network with a subnet of its own, each
 * at a static IP, so that a node restarted after {@code docker kill} keeps its address and its data
 * directory (inside the container). Faults go through the Docker API (kill, start, pause, unpause)
 * and {@link Firewall} (partitions). Workers use the process driver: their tasks are child
 * processes of the worker JVM inside its container, which needs neither Docker-in-Docker nor the
 * engine's socket, and the suite is about the control plane. Every port runs mutual TLS with the
 * run's throwaway CA ({@link ChaosPki}) and the API requires tokens: the cluster is bootstrapped
 * once it is up and the clients use a token of role submit. Partitions drop packets by address,
 * whatever runs over them, so TLS changes nothing for {@link Firewall}.
 *
 * <p>Owned by the thread that runs the chaos run (the nemesis calls it from that thread only).
 */
public final class ChaosCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChaosCluster.class);
  public static final String LABEL = "io.orchestrate.chaos.run";
  private static final String DATA = "/data";
  private static final Duration STARTUP = Duration.ofMinutes(3);
  /** Bound on the ACL bootstrap after start-up: the first election, under load, with room to spare. */
  private static final Duration BOOTSTRAP = Duration.ofMinutes(2);

  private final String runId;
  private final Network network;
  private final List<Node> managers = new ArrayList<>();
  private final List<Node> workers = new ArrayList<>();
  private final DockerClient docker = DockerClientFactory.instance().client();
  /** Null when {@link Firewall} can make partitions here; otherwise why not. */
  private final String firewallProblem = Firewall.problem();
  private final ChaosPki pki;
  /** The workers' metrics endpoints, which serve plain HTTP. */
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).version(HttpClient.Version.HTTP_1_1).build();
  /** The managers' APIs: mutual TLS with the suite's client certificate. */
  private final HttpClient https;
  private final SSLContext clientTls;
  /** The token the suite's clients use (role submit); set once the ACL is bootstrapped. */
  private String token;

  private ChaosCluster(String runId, Network network, ChaosPki pki) {
    this.runId = runId;
    this.network = network;
    this.pki = pki;
    this.clientTls = TlsContexts.jdkClient(TlsMaterial.load(pki.client()));
    this.https = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).version(HttpClient.Version.HTTP_1_1).sslContext(clientTls).build();
  }

  /**
   * Creates the network and starts every node; returns once every container has logged that it runs.
   * {@code unsafeManagers} and {@code unsafeWorkers} start the broken build's managers or workers
   * (package {@code io.orchestrate.chaos.unsafe}) with the same flags.
   */
  public static ChaosCluster start(String image, int managerCount, int workerCount, boolean unsafeManagers, boolean unsafeWorkers,
      long seed) {
    String runId = Long.toHexString(seed ^ System.nanoTime());
    Network network = null;
    String prefix = null;
    Random r = new Random(seed ^ System.nanoTime());
    // Another network may hold a subnet already; try a few before giving up.
    for (int attempt = 0; attempt < 8 && network == null; attempt++) {
      String p = "10." + (180 + r.nextInt(60)) + "." + r.nextInt(250);
      Network candidate = Network.builder()
          .createNetworkCmdModifier(cmd -> cmd.withName("orchestrate-chaos-" + runId)
              .withLabels(Map.of(LABEL, runId))
              .withIpam(new Ipam().withConfig(new Ipam.Config().withSubnet(p + ".0/24"))))
          .build();
      try {
        candidate.getId(); // created lazily
        network = candidate;
        prefix = p;
      } catch (RuntimeException e) {
        LOG.info("subnet {}.0/24 not usable ({}); trying another", p, e.getMessage());
      }
    }
    if (network == null) throw new IllegalStateException("could not create a Docker network with a free /24 subnet");
    ChaosCluster c;
    try {
      c = new ChaosCluster(runId, network, ChaosPki.create(runId));
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
    try {
      List<String> mIps = new ArrayList<>();
      for (int i = 1; i <= managerCount; i++) mIps.add(prefix + "." + (10 + i));
      List<String> peerList = new ArrayList<>();
      for (int i = 1; i <= managerCount; i++) peerList.add("m" + i + "=" + mIps.get(i - 1) + ":" + Node.RAFT_PORT);
      String peers = String.join(",", peerList);
      String gateways = mIps.stream().map(ip -> ip + ":" + Node.GATEWAY_PORT).collect(Collectors.joining(","));
      String managerOpts = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
      for (int i = 1; i <= managerCount; i++) {
        String id = "m" + i;
        String ip = mIps.get(i - 1);
        // Mutual TLS on every port, and tokens required on the API (the default with TLS).
        List<String> args = List.of("--id", id, "--data-dir", DATA, "--peers", peers,
            "--api", ip + ":" + Node.API_PORT, "--gateway", ip + ":" + Node.GATEWAY_PORT, "--ca", ChaosPki.CA_IN_CONTAINER,
            "--cert", ChaosPki.CERT_IN_CONTAINER, "--key", ChaosPki.KEY_IN_CONTAINER);
        TlsFiles files = c.pki.manager(id, ip);
        GenericContainer<?> g;
        if (unsafeManagers) {
          // The broken build: the same flags to UnsafeManagerMain, which acknowledges before commit.
          g = c.container(image, id, ip, managerOpts, "manager " + id + " running", args.toArray(String[]::new))
              .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint(OrchestrateImage.UNSAFE_MANAGER_ENTRYPOINT));
        } else {
          List<String> command = new ArrayList<>(List.of("manager"));
          command.addAll(args);
          g = c.container(image, id, ip, managerOpts, "manager " + id + " running", command.toArray(String[]::new));
        }
        c.managers.add(new Node(id, true, ip, withTls(g, files)));
      }
      String workerOpts = "-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
      for (int i = 1; i <= workerCount; i++) {
        String id = "w" + i;
        String ip = prefix + "." + (100 + i);
        List<String> args = List.of("--id", id, "--data-dir", DATA, "--managers", gateways,
            "--driver", "process", "--allow", "process-driver", "--cpus", "64", "--memory-mb", "65536", "--disk-mb", "100000", "--advertise-host", ip,
            "--metrics", ip + ":" + Node.METRICS_PORT,
            "--ca", ChaosPki.CA_IN_CONTAINER, "--cert", ChaosPki.CERT_IN_CONTAINER, "--key", ChaosPki.KEY_IN_CONTAINER);
        TlsFiles files = c.pki.worker(id);
        GenericContainer<?> g;
        if (unsafeWorkers) {
          // The broken build: the same flags to UnsafeWorkerMain, which never stops a task the leader stopped.
          g = c.container(image, id, ip, workerOpts, "worker " + id + " running", args.toArray(String[]::new))
              .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint(OrchestrateImage.UNSAFE_WORKER_ENTRYPOINT));
        } else {
          List<String> command = new ArrayList<>(List.of("worker"));
          command.addAll(args);
          g = c.container(image, id, ip, workerOpts, "worker " + id + " running", command.toArray(String[]::new));
        }
        c.workers.add(new Node(id, false, ip, withTls(g, files)));
      }
      Startables.deepStart(c.managers.stream().map(Node::container)).join();
      Startables.deepStart(c.workers.stream().map(Node::container)).join();
      c.token = c.bootstrapAcl();
      LOG.info("cluster {} up: managers {}, workers {}", runId, c.managers, c.workers);
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private GenericContainer<?> container(String image, String id, String ip, String javaOpts, String readyLine, String... command) {
    GenericContainer<?> g = new GenericContainer<>(image);
    g.withNetwork(network)
        .withEnv("JAVA_OPTS", javaOpts)
        .withCommand(command)
        .withLabel(LABEL, runId)
        .withCreateContainerCmdModifier(cmd -> cmd.withName("orchestrate-chaos-" + runId + "-" + id).withHostName(id).withIpv4Address(ip))
        .waitingFor(Wait.forLogMessage(".*" + readyLine + ".*", 1).withStartupTimeout(STARTUP));
    return g;
  }

  /** A node's certificate, key and the CA, copied into its container before it first starts; the key readable by its owner only. */
  private static GenericContainer<?> withTls(GenericContainer<?> g, TlsFiles files) {
    return g.withCopyFileToContainer(MountableFile.forHostPath(files.ca(), 0644), ChaosPki.CA_IN_CONTAINER)
        .withCopyFileToContainer(MountableFile.forHostPath(files.cert(), 0644), ChaosPki.CERT_IN_CONTAINER)
        .withCopyFileToContainer(MountableFile.forHostPath(files.key(), 0600), ChaosPki.KEY_IN_CONTAINER);
  }

  /**
   * Bootstraps the ACL as {@code orchestrate acl bootstrap} does and creates the token the suite's
   * clients use, with role submit: everything the workload, the observer and the checker's reads
   * need, and no more. Runs before any fault, once a leader is elected; the bootstrap is sent once
   * (a second one is refused), within a bound that covers the first election.
   */
  private String bootstrapAcl() {
    ClientSettings settings = ClientSettings.defaults().withTimeout(BOOTSTRAP);
    ManagersClient admin = new ManagersClient(managerApis(), settings, Time.SYSTEM, clientTls);
    String operator = admin.bootstrapAcl().value().secret();
    ManagersClient asOperator = new ManagersClient(managerApis(), settings.withToken(operator), Time.SYSTEM, clientTls);
    return asOperator.createToken("submit", "chaos-clients").value().secret();
  }

  /** The managers' API as the suite's clients reach it: HTTPS with the client certificate and the submit token. */
  public ApiAccess api() {
    return new ApiAccess(managerApis(), clientTls, token);
  }

  /** Null when partitions can be made; otherwise why not. */
  public String firewallProblem() {
    return firewallProblem;
  }

  public List<Node> managers() {
    return List.copyOf(managers);
  }

  public List<Node> workers() {
    return List.copyOf(workers);
  }

  public List<String> managerApis() {
    return managers.stream().map(Node::apiBase).toList();
  }

  public Node manager(String id) {
    return managers.stream().filter(n -> n.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no manager " + id));
  }

  /** The leader as the first answering, running, unpaused manager reports it; empty if nobody names one. */
  public Optional<Node> leader() {
    for (Node m : managers) {
      if (!isRunning(m) || isPaused(m)) continue;
      Optional<ClusterView> v = clusterView(m, Duration.ofMillis(1500));
      if (v.isPresent() && v.get().leader() != null) {
        String id = v.get().leader();
        return managers.stream().filter(n -> n.id().equals(id)).findFirst();
      }
    }
    return Optional.empty();
  }

  public Optional<ClusterView> clusterView(Node m, Duration timeout) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(m.apiBase() + "/v1/cluster")).timeout(timeout)
          .header("Authorization", "Bearer " + token).GET().build();
      HttpResponse<byte[]> r = https.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) return Optional.empty();
      return Optional.of(Json.lenient().readValue(r.body(), ClusterView.class));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** A worker's copy journal, the body of its {@code GET /v1/copies}; empty when it does not answer with 200. */
  public Optional<byte[]> copies(Node worker, Duration timeout) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(worker.metricsBase() + "/v1/copies")).timeout(timeout).GET().build();
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** SIGKILL: the JVM gets no chance to flush or close anything. */
  public void kill(Node n) {
    docker.killContainerCmd(n.containerId()).withSignal("KILL").exec();
  }

  /** Starts a killed node again: same container, same data directory, same address. */
  public void restart(Node n) {
    if (!isRunning(n)) docker.startContainerCmd(n.containerId()).exec();
  }

  public void pause(Node n) {
    docker.pauseContainerCmd(n.containerId()).exec();
  }

  public void unpause(Node n) {
    if (isPaused(n)) docker.unpauseContainerCmd(n.containerId()).exec();
  }

  /** No packets between any node of {@code side} and any node of {@code other}, both ways. */
  public void partition(List<Node> side, List<Node> other) throws IOException {
    if (firewallProblem != null) throw new IllegalStateException("cannot partition: " + firewallProblem);
    for (Node a : side) Firewall.block(pid(a), other.stream().map(Node::ip).toList());
    for (Node b : other) Firewall.block(pid(b), side.stream().map(Node::ip).toList());
  }

  /** Every node running, none paused, no partition. */
  public void healAll() throws IOException {
    for (Node n : all()) {
      restart(n);
      unpause(n);
      if (firewallProblem == null) Firewall.clear(pid(n));
    }
  }

  public boolean isRunning(Node n) {
    Boolean running = inspect(n).getState().getRunning();
    return running != null && running;
  }

  public boolean isPaused(Node n) {
    Boolean paused = inspect(n).getState().getPaused();
    return paused != null && paused;
  }

  private long pid(Node n) {
    Long pid = inspect(n).getState().getPidLong();
    if (pid == null || pid <= 0) throw new IllegalStateException(n.id() + " is not running; no network namespace to change");
    return pid;
  }

  private InspectContainerResponse inspect(Node n) {
    return docker.inspectContainerCmd(n.containerId()).exec();
  }

  public List<Node> all() {
    List<Node> all = new ArrayList<>(managers);
    all.addAll(workers);
    return all;
  }

  /** Each container's output since it was created (across restarts), for the run directory. */
  public void saveLogs(Path dir) {
    for (Node n : all()) {
      try {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(n.id() + ".log"), n.container().getLogs());
      } catch (IOException | RuntimeException e) {
        LOG.warn("could not save the log of {}: {}", n.id(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    Map<String, RuntimeException> problems = new LinkedHashMap<>();
    for (Node n : all()) {
      try {
        if (n.containerId() != null && isPaused(n)) docker.unpauseContainerCmd(n.containerId()).exec();
      } catch (RuntimeException e) {
        problems.put(n.id() + " unpause", e);
      }
      try {
        n.container().stop();
      } catch (RuntimeException e) {
        problems.put(n.id() + " stop", e);
      }
    }
    // Ryuk is off here, so leftovers are ours to remove: anything labelled with this run.
    try {
      docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, runId)).exec()
          .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
    } catch (RuntimeException e) {
      problems.put("remove by label", e);
    }
    try {
      network.close();
    } catch (RuntimeException e) {
      problems.put("network", e);
    }
    try {
      pki.close();
    } catch (RuntimeException e) {
      problems.put("pki", e);
    }
    if (!problems.isEmpty()) LOG.warn("cleanup of cluster {} had problems: {}", runId, problems);
  }
}
