package io.orchestrate.worker;

import io.orchestrate.core.spec.Allow;
import io.orchestrate.gateway.protocol.GatewayAddress;
import io.orchestrate.worker.driver.DockerDriverSettings;
import io.orchestrate.worker.gateway.GatewayClientSettings;
import io.orchestrate.worker.reconcile.ReconcilerSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a worker is configured with, in one place, each setting with a default and a unit.
 * Build with {@link #builder()}; {@link Builder#build()} checks every field and names the bad one.
 *
 * @param id              node id, stable across restarts (the store and docker labels use it)
 * @param dataDir         where the store, and the process driver's task directories, live
 * @param managers        manager gateways to connect to, any order; the worker finds the leader
 * @param driver          "docker" or "process"
 * @param cpus            cores offered to tasks; 0 means all of the host's
 * @param memoryMb        memory offered to tasks in MiB; 0 means the host's total
 * @param diskMb          disk offered to tasks in MiB; 0 means what is free under dataDir at start
 * @param labels          node labels for placement constraints
 * @param advertiseHost   the address the worker reports in Register
 * @param metricsAddress  where {@code GET /metrics} listens, or null for no endpoint
 * @param statsInterval   how often host stats are sampled for heartbeats (which follow the
 *                        leader's interval from Registered)
 * @param monitorInterval how often running tasks are inspected for exits
 * @param statusBatchWindow task updates within this window travel in one message
 * @param stopGrace       SIGTERM-to-SIGKILL grace when a task is stopped
 * @param backoffMin      first reconnect delay
 * @param backoffMax      largest reconnect delay
 * @param connectTimeout  bound of one gateway connect
 * @param driverConcurrency most container starts (or stops) run at once when the leader asks for
 *                        many; 0 means {@link ReconcilerSettings#DEFAULT_DRIVER_CONCURRENCY}
 * @param allow           the risky modes this worker's operator allows ({@link Allow}): without
 *                        {@code process-driver} the worker refuses the process driver, without
 *                        {@code host-network} it refuses tasks on the host network. Reported in Register.
 * @param pidsLimit       most processes (threads included) one container may hold, so that a fork
 *                        bomb in one task cannot exhaust the host's; 0 means {@link DockerDriverSettings#DEFAULT_PIDS_LIMIT}
 * @param processOutput   the process driver's rotation of each task's output file; null means
 *                        {@link io.orchestrate.worker.driver.OutputRotation#DEFAULTS} (10 MiB, 2 rotated files kept)
 * @param outputRetention how long the output kept of a task that left this node stays readable;
 *                        null means {@link ReconcilerSettings#DEFAULT_OUTPUT_RETENTION}
 * @param tls             the CA bundle, this worker's certificate (named for its id) and key for
 *                        mutual TLS to the gateway, or null for plain text
 */
public record WorkerConfig(
    String id,
    Path dataDir,
    List<GatewayAddress> managers,
    String driver,
    double cpus,
    long memoryMb,
    long diskMb,
    Map<String, String> labels,
    String advertiseHost,
    InetSocketAddress metricsAddress,
    Duration statsInterval,
    Duration monitorInterval,
    Duration statusBatchWindow,
    Duration stopGrace,
    Duration backoffMin,
    Duration backoffMax,
    Duration connectTimeout,
    int driverConcurrency,
    Set<String> allow,
    long pidsLimit,
    io.orchestrate.worker.driver.OutputRotation processOutput,
    Duration outputRetention,
    io.orchestrate.security.TlsFiles tls) {

  public static final String DRIVER_DOCKER = "docker";
  public static final String DRIVER_PROCESS = "process";
  public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(1);

  public WorkerConfig {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("worker.id must not be blank");
    if (!io.orchestrate.core.command.CommandChecks.isId(id)) {
      throw new IllegalArgumentException("worker.id '" + id + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (dataDir == null) throw new IllegalArgumentException("worker.dataDir must be set");
    if (managers == null || managers.isEmpty()) throw new IllegalArgumentException("worker.managers must list at least one gateway");
    managers = List.copyOf(managers);
    if (driver == null) driver = DRIVER_DOCKER;
    if (!driver.equals(DRIVER_DOCKER) && !driver.equals(DRIVER_PROCESS)) {
      throw new IllegalArgumentException("worker.driver must be docker or process, was '" + driver + "'");
    }
    allow = allow == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(allow));
    for (String a : allow) {
      if (!Allow.ALL.contains(a)) throw new IllegalArgumentException("worker.allow entry '" + a + "' is not one of " + String.join(", ", Allow.ALL));
    }
    if (driver.equals(DRIVER_PROCESS) && !allow.contains(Allow.PROCESS_DRIVER)) {
      throw new IllegalArgumentException("worker.driver process runs every task's command as this worker's own user, without"
          + " isolation, so it must be allowed: add --allow " + Allow.PROCESS_DRIVER + " (config key allow: [" + Allow.PROCESS_DRIVER + "])");
    }
    if (pidsLimit < 0) throw new IllegalArgumentException("worker.pidsLimit must not be negative, was " + pidsLimit);
    if (pidsLimit == 0) pidsLimit = DockerDriverSettings.DEFAULT_PIDS_LIMIT;
    if (processOutput == null) processOutput = io.orchestrate.worker.driver.OutputRotation.DEFAULTS;
    if (!(cpus >= 0)) throw new IllegalArgumentException("worker.cpus must not be negative, was " + cpus);
    if (memoryMb < 0) throw new IllegalArgumentException("worker.memoryMb must not be negative, was " + memoryMb);
    if (diskMb < 0) throw new IllegalArgumentException("worker.diskMb must not be negative, was " + diskMb);
    labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    if (advertiseHost == null || advertiseHost.isBlank()) advertiseHost = localHostName();
    statsInterval = positive(statsInterval, DEFAULT_STATS_INTERVAL, "statsInterval");
    // The remaining durations are checked where they are used, through the same field names.
    if (driverConcurrency == 0) driverConcurrency = ReconcilerSettings.DEFAULT_DRIVER_CONCURRENCY;
    if (outputRetention == null) outputRetention = ReconcilerSettings.DEFAULT_OUTPUT_RETENTION;
    new ReconcilerSettings(monitorInterval, statusBatchWindow, stopGrace, ReconcilerSettings.DEFAULT_LOG_TAIL_LINES, driverConcurrency,
        outputRetention);
    if (backoffMin == null) backoffMin = GatewayClientSettings.DEFAULT_BACKOFF_MIN;
    if (backoffMax == null) backoffMax = GatewayClientSettings.DEFAULT_BACKOFF_MAX;
    backoffMin = positive(backoffMin, null, "backoffMin");
    if (backoffMax.compareTo(backoffMin) < 0) {
      throw new IllegalArgumentException("worker.backoffMax (" + backoffMax + ") must be at least worker.backoffMin (" + backoffMin + ")");
    }
    connectTimeout = positive(connectTimeout, GatewayClientSettings.DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
  }

  public static Builder builder() {
    return new Builder();
  }

  public ReconcilerSettings reconcilerSettings() {
    return new ReconcilerSettings(monitorInterval, statusBatchWindow, stopGrace, ReconcilerSettings.DEFAULT_LOG_TAIL_LINES, driverConcurrency,
        outputRetention);
  }

  /** The docker driver's settings: default timeouts, this worker's pids limit. */
  public DockerDriverSettings dockerSettings() {
    return DockerDriverSettings.defaults().withPidsLimit(pidsLimit);
  }

  /** Whether the operator allows {@code mode} ({@link Allow}). */
  public boolean allows(String mode) {
    return allow.contains(mode);
  }

  public GatewayClientSettings gatewaySettings() {
    return new GatewayClientSettings(id, managers, backoffMin, backoffMax, connectTimeout, 0);
  }

  private static Duration positive(Duration value, Duration fallback, String field) {
    if (value == null) return fallback;
    if (value.isNegative() || value.isZero()) throw new IllegalArgumentException("worker." + field + " must be positive, was " + value);
    return value;
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** Mutable builder; every setter returns it. Unset fields take the defaults documented on the record. */
  public static final class Builder {
    private String id;
    private Path dataDir;
    private final List<GatewayAddress> managers = new ArrayList<>();
    private String driver;
    private double cpus;
    private long memoryMb;
    private long diskMb;
    private final Map<String, String> labels = new TreeMap<>();
    private String advertiseHost;
    private InetSocketAddress metricsAddress;
    private Duration statsInterval;
    private Duration monitorInterval;
    private Duration statusBatchWindow;
    private Duration stopGrace;
    private Duration backoffMin;
    private Duration backoffMax;
    private Duration connectTimeout;
    private int driverConcurrency;
    private final Set<String> allow = new TreeSet<>();
    private long pidsLimit;
    private io.orchestrate.worker.driver.OutputRotation processOutput;
    private Duration outputRetention;
    private io.orchestrate.security.TlsFiles tls;

    private Builder() {}

    public Builder id(String id) { this.id = id; return this; }

    public Builder dataDir(Path dataDir) { this.dataDir = dataDir; return this; }

    /** Adds gateways; each "host:port". */
    public Builder managers(List<GatewayAddress> gateways) { managers.addAll(gateways); return this; }

    /** Forgets the gateways added so far, so that the next {@code managers} call replaces the list. */
    public Builder clearManagers() { managers.clear(); return this; }

    /** Adds gateways from a comma-separated "host:port,host:port" list. */
    public Builder managers(String commaSeparated) {
      if (commaSeparated == null || commaSeparated.isBlank()) throw new IllegalArgumentException("worker.managers must not be blank");
      for (String s : commaSeparated.split(",")) managers.add(GatewayAddress.parse(s.trim(), "worker.managers entry"));
      return this;
    }

    public Builder driver(String driver) { this.driver = driver; return this; }

    public Builder cpus(double cpus) { this.cpus = cpus; return this; }

    public Builder memoryMb(long memoryMb) { this.memoryMb = memoryMb; return this; }

    public Builder diskMb(long diskMb) { this.diskMb = diskMb; return this; }

    public Builder labels(Map<String, String> more) { labels.putAll(more); return this; }

    public Builder label(String key, String value) { labels.put(key, value); return this; }

    public Builder advertiseHost(String host) { this.advertiseHost = host; return this; }

    public Builder metricsAddress(InetSocketAddress address) { this.metricsAddress = address; return this; }

    /** "host:port"; port 0 picks a free port. */
    public Builder metricsAddress(String hostPort) {
      int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
      if (colon <= 0) throw new IllegalArgumentException("worker.metricsAddress must be host:port, was '" + hostPort + "'");
      try {
        this.metricsAddress = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("worker.metricsAddress must be host:port, was '" + hostPort + "'");
      }
      return this;
    }

    public Builder statsInterval(Duration d) { this.statsInterval = d; return this; }

    public Builder monitorInterval(Duration d) { this.monitorInterval = d; return this; }

    public Builder statusBatchWindow(Duration d) { this.statusBatchWindow = d; return this; }

    public Builder stopGrace(Duration d) { this.stopGrace = d; return this; }

    public Builder backoff(Duration min, Duration max) { this.backoffMin = min; this.backoffMax = max; return this; }

    public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }

    public Builder driverConcurrency(int n) { this.driverConcurrency = n; return this; }

    /** Allows risky modes ({@link Allow}); adds to those allowed so far. */
    public Builder allow(String... modes) { allow.addAll(List.of(modes)); return this; }

    /** Allows risky modes ({@link Allow}); adds to those allowed so far. */
    public Builder allow(java.util.Collection<String> modes) { allow.addAll(modes); return this; }

    public Builder pidsLimit(long limit) { this.pidsLimit = limit; return this; }

    /** When the process driver rotates a task's output file, and how many rotated files it keeps. */
    public Builder processOutput(io.orchestrate.worker.driver.OutputRotation rotation) { this.processOutput = rotation; return this; }

    /** How long the output kept of a task that left this node stays readable. */
    public Builder outputRetention(Duration d) { this.outputRetention = d; return this; }

    /** Mutual TLS to the gateway from these files; null for plain text. */
    public Builder tls(io.orchestrate.security.TlsFiles files) { this.tls = files; return this; }

    public WorkerConfig build() {
      return new WorkerConfig(id, dataDir, managers, driver, cpus, memoryMb, diskMb, labels, advertiseHost, metricsAddress,
          statsInterval, monitorInterval, statusBatchWindow, stopGrace, backoffMin, backoffMax, connectTimeout, driverConcurrency, allow, pidsLimit,
          processOutput, outputRetention, tls);
    }
  }
}
