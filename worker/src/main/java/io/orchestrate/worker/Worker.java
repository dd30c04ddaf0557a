package io.orchestrate.worker;

import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.Register;
import io.orchestrate.worker.driver.AllowedModesDriver;
import io.orchestrate.worker.driver.DockerDriver;
import io.orchestrate.worker.driver.ProcessDriver;
import io.orchestrate.worker.driver.TaskDriver;
import io.orchestrate.worker.gateway.ConnectionState;
import io.orchestrate.worker.gateway.GatewayClient;
import io.orchestrate.worker.gateway.ManagerListener;
import io.orchestrate.worker.gateway.TermFence;
import io.orchestrate.worker.journal.CopyJournal;
import io.orchestrate.worker.metrics.MetricsServer;
import io.orchestrate.worker.metrics.WorkerMetrics;
import io.orchestrate.worker.reconcile.Reconciler;
import io.orchestrate.worker.reconcile.ReconcilerListener;
import io.orchestrate.worker.stats.HostStats;
import io.orchestrate.worker.store.TaskRecord;
import io.orchestrate.worker.store.WorkerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker node: opens its store, re-adopts the tasks its previous run left running, then
 * connects to the managers and does what the leader says. {@link #close()} disconnects and stops
 * the worker's threads but leaves tasks alone (docker containers keep running and are re-adopted
 * by the next start; the process driver cannot keep its children, see {@link ProcessDriver}).
 *
 * <p>Threads: the reconciler's owner thread (tasks, driver calls), the health checks' own small pool
 * (made by the reconciler), the gateway client's event loop (connection, heartbeats), a stats
 * timer, and the metrics endpoint's thread (which also serves the copy journal). start() and close()
 * are called by one thread, once each.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final long ADOPT_TIMEOUT_SECONDS = 120;

  private final WorkerConfig config;
  private final Clock clock;
  private final TaskDriver injectedDriver;
  private final WorkerHooks hooks;
  /** Things to close, last opened first. */
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  private TaskDriver driver;
  private WorkerStore store;
  private Reconciler reconciler;
  private TermFence fence;
  private HostStats stats;
  private WorkerMetrics metrics;
  private CopyJournal journal;
  private MetricsServer metricsServer;
  private volatile GatewayClient client;
  private io.orchestrate.worker.logs.LogStreams logStreams;
  private Resources capacity;
  /** The gateway's TLS material once started, null without TLS; {@code reload()} on it reads the files again (SIGHUP). */
  private volatile io.orchestrate.security.TlsMaterial tlsMaterial;

  /** A worker with the driver its config names. */
  /**
   * The TLS context to the gateway, or null without TLS. The certificate must be a worker's named
   * for this node id: the gateway refuses any other, so say so here, at start, naming the file.
   */
  private io.netty.handler.ssl.SslContext gatewayTls() {
    if (config.tls() == null) return null;
    io.orchestrate.security.TlsMaterial tls = io.orchestrate.security.TlsMaterial.load(config.tls());
    tlsMaterial = tls;
    io.orchestrate.security.Identity id = tls.identity();
    if (id.role() != io.orchestrate.security.Role.WORKER || !id.name().equals(config.id())) {
      throw new io.orchestrate.security.TlsException("--cert " + config.tls().cert() + " is a certificate for " + id
          + "; worker " + config.id() + " needs one issued with --role worker --name " + config.id());
    }
    return io.orchestrate.security.TlsContexts.nettyClient(tls);
  }

  public Worker(WorkerConfig config) {
    this(config, null, Clock.systemUTC(), WorkerHooks.NONE);
  }

  /** A worker with the driver its config names and {@code hooks} in its path (see {@link WorkerHooks}). */
  public Worker(WorkerConfig config, WorkerHooks hooks) {
    this(config, null, Clock.systemUTC(), hooks);
  }

  /** A worker with a given driver (owned by the caller, not closed by the worker) and clock. */
  public Worker(WorkerConfig config, TaskDriver driver, Clock clock) {
    this(config, driver, clock, WorkerHooks.NONE);
  }

  private Worker(WorkerConfig config, TaskDriver driver, Clock clock, WorkerHooks hooks) {
    this.config = config;
    this.injectedDriver = driver;
    this.clock = clock;
    this.hooks = Objects.requireNonNull(hooks, "hooks");
  }

  /** The TLS material in use once started, or null without TLS. */
  public io.orchestrate.security.TlsMaterial tls() {
    return tlsMaterial;
  }

  public synchronized Worker start() {
    if (store != null) throw new IllegalStateException("worker " + config.id() + " was already started");
    try {
      // First: bad certificate files stop the worker before it touches its store or its tasks.
      io.netty.handler.ssl.SslContext tls = gatewayTls();
      Files.createDirectories(config.dataDir());
      store = WorkerStore.open(config.dataDir().resolve("store"));
      closeables.push(store);
      TaskDriver inner = injectedDriver != null ? injectedDriver : newDriver();
      if (injectedDriver == null) closeables.push(inner);
      driver = new AllowedModesDriver(inner, config.allow());

      metrics = new WorkerMetrics(config.id(), () -> new Sources(), config.dataDir());
      closeables.push(metrics);
      journal = new CopyJournal(config.id(), clock.millis(), CopyJournal.DEFAULT_CAPACITY);
      ScheduledExecutorService owner = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("reconciler-" + config.id()));
      closeables.push(() -> shutdown(owner));
      reconciler = new Reconciler(config.id(), driver, store, status -> {
        GatewayClient c = client;
        if (c != null) c.send(status);
      }, owner, clock, config.reconcilerSettings(), ReconcilerListener.all(metrics, journal));
      closeables.push(reconciler);
      reconciler.start().get(ADOPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);

      stats = new HostStats(config.dataDir(), reconciler::tasksRunning);
      capacity = capacity();
      ScheduledExecutorService statsTimer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("worker-stats-" + config.id()));
      closeables.push(() -> shutdown(statsTimer));
      long every = config.statsInterval().toNanos();
      statsTimer.scheduleWithFixedDelay(this::sampleStats, every, every, TimeUnit.NANOSECONDS);

      if (config.metricsAddress() != null) {
        metricsServer = new MetricsServer(config.metricsAddress(), metrics::scrape, journal::json);
        closeables.push(metricsServer);
      }

      logStreams = new io.orchestrate.worker.logs.LogStreams(config.id(), driver, reconciler::records, io.orchestrate.worker.logs.LogStreams.DEFAULT_POLL);
      closeables.push(logStreams);
      fence = new TermFence(store);
      GatewayClient c = new GatewayClient(config.gatewaySettings(), this::register, stats::latest, new Instructions(), fence, tls);
      closeables.push(c);
      client = c;
      c.start();
      log.info("worker {} started with the {} driver, {} task(s) adopted", config.id(), driver.name(), reconciler.records().size());
      return this;
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException("worker " + config.id() + " data dir " + config.dataDir() + " cannot be created", e);
    } catch (ExecutionException e) {
      closeQuietly();
      throw new IllegalStateException("worker " + config.id() + " could not re-adopt its tasks: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      closeQuietly();
      throw new IllegalStateException("worker " + config.id() + " did not finish re-adopting its tasks in " + ADOPT_TIMEOUT_SECONDS + "s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly();
      throw new IllegalStateException("worker " + config.id() + " was interrupted while starting", e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  private TaskDriver newDriver() {
    return switch (config.driver()) {
      case WorkerConfig.DRIVER_PROCESS -> new ProcessDriver(config.dataDir().resolve("process"), config.processOutput());
      default -> DockerDriver.fromEnvironment(config.id(), config.dockerSettings());
    };
  }

  private Resources capacity() throws IOException {
    double cpus = config.cpus() > 0 ? config.cpus() : Runtime.getRuntime().availableProcessors();
    long memory = config.memoryMb() > 0 ? config.memoryMb() : stats.totalMemoryMb();
    long disk = config.diskMb() > 0 ? config.diskMb() : Files.getFileStore(config.dataDir()).getUsableSpace() / (1024 * 1024);
    return Resources.of(cpus, memory, disk);
  }

  private void sampleStats() {
    try {
      stats.sample();
    } catch (RuntimeException e) {
      log.warn("host stats sample failed: {}", e.toString());
    }
  }

  private Register register() {
    return new Register(config.id(), config.advertiseHost(), capacity, config.labels(), driver.name(), reconciler.runningTasks(), true, true,
        config.allow(), true);
  }

  public String nodeId() {
    return config.id();
  }

  public ConnectionState connectionState() {
    GatewayClient c = client;
    return c == null ? ConnectionState.DISCONNECTED : c.state();
  }

  /** The tasks this node holds, by task id, as of the reconciler's last event. */
  public Map<String, TaskRecord> tasks() {
    return reconciler.records();
  }

  /** The capacity reported in Register. */
  public Resources capacityOffered() {
    return capacity;
  }

  /** The highest leader term this worker has accepted (durable). */
  public long highestTerm() {
    return fence.highest();
  }

  /** The gateway connection, for inspection. */
  public GatewayClient gateway() {
    return client;
  }

  /** Where {@code /metrics} listens, or null when disabled. */
  public InetSocketAddress metricsAddress() {
    return metricsServer == null ? null : metricsServer.address();
  }

  /** Every copy this worker process started or adopted, and when each ran (also served at {@code GET /v1/copies}). */
  public CopyJournal.View copies() {
    return journal.view();
  }

  public String scrapeMetrics() {
    return metrics.scrape();
  }

  /** Disconnects and stops the worker's threads; tasks keep running. */
  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        log.warn("worker {}: closing failed: {}", config.id(), e.toString());
      }
    }
  }

  private static void shutdown(ScheduledExecutorService executor) throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** Hands the leader's instructions, through the hooks, to the reconciler's thread. */
  private final class Instructions implements ManagerListener {
    @Override
    public void onDesired(Desired desired) {
      reconciler.desired(hooks.desired().apply(desired));
    }

    @Override
    public void onLogMessage(io.orchestrate.gateway.protocol.ManagerMessage message,
        java.util.function.Predicate<io.orchestrate.gateway.protocol.WorkerMessage> reply) {
      io.orchestrate.worker.logs.LogStreams streams = logStreams;
      if (streams == null) return;
      if (message instanceof io.orchestrate.gateway.protocol.LogRequest r) {
        streams.open(r, reply::test);
      } else if (message instanceof io.orchestrate.gateway.protocol.LogCredit c) {
        streams.credit(c.streamId(), c.bytes());
      } else if (message instanceof io.orchestrate.gateway.protocol.LogCancel c) {
        streams.cancel(c.streamId());
      }
    }

    @Override
    public void onDisconnected() {
      io.orchestrate.worker.logs.LogStreams streams = logStreams;
      if (streams != null) streams.cancelAll();
    }
  }

  private final class Sources implements WorkerMetrics.Sources {
    @Override
    public int tasksRunning() {
      return reconciler.tasksRunning();
    }

    @Override
    public ConnectionState connectionState() {
      return Worker.this.connectionState();
    }

    @Override
    public long reconnects() {
      GatewayClient c = client;
      return c == null ? 0 : c.reconnects();
    }

    @Override
    public long highestTerm() {
      return fence == null ? 0 : fence.highest();
    }

    @Override
    public long ignoredStaleMessages() {
      GatewayClient c = client;
      return c == null ? 0 : c.ignoredStaleMessages();
    }
  }
}
