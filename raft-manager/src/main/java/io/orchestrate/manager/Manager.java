package io.orchestrate.manager;

import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.manager.gateway.Gateway;
import io.orchestrate.manager.gateway.GatewayServer;
import io.orchestrate.manager.http.ApiServer;
import io.orchestrate.manager.leader.LeaderServices;
import io.orchestrate.manager.metrics.ManagerMetrics;
import io.orchestrate.manager.metrics.OpsGauges;
import io.orchestrate.manager.metrics.RatisMeters;
import io.orchestrate.manager.metrics.RocksDbGauges;
import io.orchestrate.manager.raft.OrchestrateStateMachine;
import io.orchestrate.manager.raft.RaftNode;
import io.orchestrate.manager.service.ClusterService;
import io.orchestrate.manager.service.GcService;
import io.orchestrate.manager.service.JobService;
import io.orchestrate.manager.service.Leadership;
import io.orchestrate.manager.service.ManagerRegistration;
import io.orchestrate.manager.service.ManagerServices;
import io.orchestrate.manager.service.MembershipService;
import io.orchestrate.manager.service.NodeService;
import io.orchestrate.manager.service.NodeViews;
import io.orchestrate.manager.service.Proposer;
import io.orchestrate.manager.service.Reads;
import io.orchestrate.manager.service.SnapshotService;
import io.orchestrate.manager.session.NodeSessions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One manager process: the Ratis server with its state machine, the leader-side services, the
 * HTTP API and metrics. {@link #start} returns once the API is bound and the Raft server runs;
 * leadership and registration of this manager's addresses follow in the background.
 */
public final class Manager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Manager.class);

  private final ManagerConfig config;
  private final OrchestrateStateMachine stateMachine;
  private final RaftNode raft;
  private final Leadership leadership;
  private final Proposer proposer;
  private final ManagerServices services;
  private final ApiServer api;
  private final ExecutorService blocking;
  private final NodeSessions sessions = new NodeSessions();
  private final LeaderServices leaderServices;
  private final GatewayServer gateway;
  /** This manager's certificate and CA bundle, reloaded from their files; null without TLS. */
  private final io.orchestrate.security.TlsMaterial tls;
  private HostPort gatewayAddress;
  private ManagerRegistration registration;
  private HostPort apiAddress;
  /** The highest cluster feature level this manager supports. */
  private final int featureLevel;
  private final CompletableFuture<Void> removed = new CompletableFuture<>();
  private final CompletableFuture<io.orchestrate.manager.raft.ApplyFailure> applyFailed = new CompletableFuture<>();

  private Manager(ManagerConfig config, ManagerHooks hooks) {
    this.config = config;
    // The state machine reports to Events, which reads the final fields assigned below. It cannot
    // call before they are set: the Raft server that drives it is only built by startAll().
    this.stateMachine = new OrchestrateStateMachine(new Events(), config.entryLimits().maxEntryBytes(), config.skipEntries(), hooks.checkEntries(),
        new io.orchestrate.manager.events.EventLog(config.events().windowEvents()));
    // Read (and checked) before anything binds: bad TLS files stop the manager at start-up, naming the file.
    this.tls = config.tls() == null ? null : io.orchestrate.security.TlsMaterial.load(config.tls());
    if (tls != null && tls.identity().role() != io.orchestrate.security.Role.MANAGER) {
      throw new io.orchestrate.security.TlsException("--cert " + config.tls().cert() + " is a certificate for " + tls.identity()
          + "; a manager needs one issued with --role manager");
    }
    if (tls != null && !tls.identity().name().equals(config.id())) {
      LOG.warn("manager {} runs with the certificate of manager {} ({})", config.id(), tls.identity().name(), config.tls().cert());
    }
    this.raft = new RaftNode(config, stateMachine, tls);
    this.leadership = new Leadership(raft, stateMachine);
    ManagerMetrics metrics = new ManagerMetrics(config.id(), new RaftGauges(), config.dataDir());
    Reads reads = new Reads(raft, stateMachine, config.requestTimeout());
    this.proposer = new Proposer(raft, config.batchMax(), config.maxInflightBatches(), config.entryLimits().maxEntryBytes(),
        () -> stateMachine.image().featureLevel(), metrics::proposed);
    this.blocking = Executors.newCachedThreadPool(DaemonThreads.numbered("manager-" + config.id() + "-blocking"));
    ClusterService cluster = new ClusterService(raft, stateMachine, leadership, blocking,
        tls == null ? null : io.orchestrate.security.TlsContexts.jdkClient(tls), hooks.featureLevel());
    this.featureLevel = hooks.featureLevel();
    io.orchestrate.manager.service.FeatureService features =
        new io.orchestrate.manager.service.FeatureService(hooks.featureLevel(), leadership, proposer, reads, cluster, Clock.systemUTC());
    SnapshotService snapshots = new SnapshotService(reads, stateMachine, config.clusterName(), config.id(), Clock.systemUTC(), blocking);
    io.orchestrate.manager.logs.TaskLogRelays logRelays = new io.orchestrate.manager.logs.TaskLogRelays(sessions, metrics.registry(), config.logs());
    this.services = new ManagerServices(
        new JobService(leadership, proposer, reads, Clock.systemUTC(), new SecureRandom(), hooks.submitCommit(),
            config.entryLimits().maxJobBytes(), io.orchestrate.scheduler.Schedulers.byName(config.schedulerAlgorithm()), features),
        reads,
        cluster,
        leadership,
        new NodeViews(sessions),
        new NodeService(leadership, proposer, reads, Clock.systemUTC()),
        new MembershipService(raft, leadership, cluster, reads, blocking),
        snapshots,
        new GcService(leadership, proposer, reads, Clock.systemUTC(), config.jobRetention(), config.nodeRetention(), blocking),
        metrics,
        new io.orchestrate.manager.service.AclService(config.acl(), leadership, proposer, reads, Clock.systemUTC(), new SecureRandom(), features),
        features,
        new io.orchestrate.manager.service.Watch(stateMachine.events(), config.events(),
            new io.orchestrate.manager.service.IndexWait(stateMachine::image, stateMachine.events())),
        logRelays);
    OpsGauges.register(metrics.registry(), stateMachine::image, snapshots::lastSavedEpochSeconds, sessions);
    RocksDbGauges.register(metrics.registry(), stateMachine::storeProperty);
    RatisMeters.register(metrics, raft::division);
    this.api = new ApiServer(services, config.id(), config.requestTimeout(), config.limits(), tls == null ? null
        // Clients, and other managers probing this one's health for the cluster view or forwarding to it as the leader.
        : io.orchestrate.security.TlsContexts.nettyServer(tls, java.util.EnumSet.of(io.orchestrate.security.Role.CLIENT,
            io.orchestrate.security.Role.MANAGER)),
        tls == null ? null : io.orchestrate.security.TlsContexts.jdkClient(tls));
    // Watching: how many streams are open and how many slow clients were dropped, read on scrape.
    io.micrometer.core.instrument.Gauge.builder("orchestrate.event.streams", api::openEventStreams)
        .description("GET /v1/events streams open on this manager").register(metrics.registry());
    io.micrometer.core.instrument.FunctionCounter.builder("orchestrate.event.streams.dropped.slow", api, ApiServer::droppedSlowEventClients)
        .description("event streams closed because their client did not read").register(metrics.registry());
    io.micrometer.core.instrument.Gauge.builder("orchestrate.event.window.events", () -> stateMachine.events().size())
        .description("events held in this manager's window").register(metrics.registry());
    this.leaderServices = new LeaderServices(config, stateMachine::image, proposer::propose, sessions, Clock.systemUTC());
    this.gateway = Gateway.server(config, leadership, leaderServices, sessions, stateMachine::image, proposer::propose, Clock.systemUTC(), tls, logRelays);
  }

  /** Starts the manager as shipped. */
  public static Manager start(ManagerConfig config) throws IOException {
    return start(config, ManagerHooks.NONE);
  }

  /** Starts a manager whose workings {@code hooks} change (see {@link ManagerHooks}). */
  public static Manager start(ManagerConfig config, ManagerHooks hooks) throws IOException {
    Manager m = new Manager(config, Objects.requireNonNull(hooks, "hooks"));
    try {
      m.startAll();
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      m.close();
      throw new IOException("interrupted while starting", e);
    }
    return m;
  }

  private void startAll() throws IOException, InterruptedException {
    InetSocketAddress bound = api.start(config.api());
    apiAddress = config.api().withPort(bound.getPort());
    gatewayAddress = config.gateway().withPort(gateway.start(config.gateway()).getPort());
    raft.start();
    proposer.start();
    ManagerInfo self = new ManagerInfo(config.id(), config.raftAddress().toString(), apiAddress.toString(), gatewayAddress.toString());
    registration = new ManagerRegistration(raft, stateMachine, self, featureLevel);
    registration.start();
    LOG.info("manager {} started: raft {}, api {}, gateway {}{}", config.id(), config.raftAddress(), apiAddress, gatewayAddress,
        tls == null ? " (plain text)" : " (mutual TLS as " + tls.identity() + ")");
  }

  public String id() {
    return config.id();
  }

  public ManagerConfig config() {
    return config;
  }

  public HostPort apiAddress() {
    return apiAddress;
  }

  public HostPort gatewayAddress() {
    return gatewayAddress;
  }

  public NodeSessions sessions() {
    return sessions;
  }

  public OrchestrateStateMachine stateMachine() {
    return stateMachine;
  }

  /** Task output streams this manager has admitted and not yet ended (what logsMaxStreams bounds). */
  public int admittedLogStreams() {
    return services.logs().admitted();
  }

  /** Event streams open on this manager's API now. */
  public int openEventStreams() {
    return api.openEventStreams();
  }

  /** Event streams this manager closed because their client did not read. */
  public long droppedSlowEventClients() {
    return api.droppedSlowEventClients();
  }

  public RaftNode raft() {
    return raft;
  }

  public Leadership leadership() {
    return leadership;
  }

  /** The TLS material in use, or null without TLS; {@code reload()} on it reads the files again (SIGHUP). */
  public io.orchestrate.security.TlsMaterial tls() {
    return tls;
  }

  /**
   * Completes when this manager was removed from the cluster ({@code cluster remove-manager}):
   * its Raft server has left the group and it serves nothing useful any more; the owner closes it.
   */
  public CompletableFuture<Void> removed() {
    return removed;
  }

  /**
   * Completes when a committed entry could not be applied: this manager applies nothing more and
   * must stop (its process exits with {@link io.orchestrate.manager.raft.ApplyFailure#EXIT_CODE}).
   */
  public CompletableFuture<io.orchestrate.manager.raft.ApplyFailure> applyFailed() {
    return applyFailed;
  }

  /**
   * Serves until this manager is removed from the cluster, cannot apply a committed entry, or the
   * JVM shuts down, the life of a manager process. A shutdown hook closes the manager; after a
   * removal or a failure the caller's exit runs it. {@code serving} runs once all are watched (so a
   * signal right after it still closes cleanly); {@code notices} gets the line that says why it
   * stopped. Returns the process's exit code: 0, or non-zero after an apply failure, so that a
   * supervisor sees a failure and an operator finds the message in its log.
   */
  public int serveUntilStopped(Runnable serving, java.util.function.Consumer<String> notices) throws InterruptedException {
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger exit = new java.util.concurrent.atomic.AtomicInteger();
    // A manager removed from the cluster has nothing left to serve: stop, exit 0, stay stopped.
    removed.thenRun(() -> {
      notices.accept("manager " + config.id() + " was removed from the cluster; stopping");
      stopped.countDown();
    });
    applyFailed.thenAccept(f -> {
      exit.set(io.orchestrate.manager.raft.ApplyFailure.EXIT_CODE);
      notices.accept("manager " + config.id() + " stopped: " + f.message());
      stopped.countDown();
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        close();
      } catch (Exception e) {
        System.err.println("error while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "manager-shutdown"));
    serving.run();
    stopped.await();
    return exit.get();
  }

  public boolean registered() {
    return registration != null && registration.registered();
  }

  /** Whether this manager, as a new cluster's first leader, is still setting the cluster's first feature level. */
  public boolean settingInitialFeatureLevel() {
    return services.features().settingInitialLevel();
  }

  /** Whether {@code image} holds this manager's record as it publishes it at that image's feature level. */
  public boolean registeredIn(io.orchestrate.manager.state.StateImage image) {
    return registration != null && registration.registeredIn(image);
  }

  @Override
  public void close() throws IOException {
    if (registration != null) registration.close();
    leaderServices.close();
    sessions.closeAll();
    gateway.close();
    api.close();
    try {
      proposer.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    blocking.shutdownNow();
    raft.close();
    services.metrics().close();
  }

  /**
   * Forwards state-machine events (on Ratis threads) to metrics and the leader services. Leader
   * services start on "leader ready" (its first entry committed) and stop on any leader change
   * that is not to this manager.
   */
  private final class Events implements OrchestrateStateMachine.StateMachineListener {
    @Override
    public void leaderChanged(RaftPeerId newLeader) {
      services.metrics().leaderChanged();
      if (newLeader != null) services.cluster().leaderSeen();
      logLeaderChange(newLeader);
      if (newLeader == null || !newLeader.toString().equals(config.id())) leaderServices.stop();
    }

    /** Every manager says who leads from now on, so one manager's log is enough to follow a failover. */
    private void logLeaderChange(RaftPeerId newLeader) {
      long term;
      try {
        term = leadership.info().getCurrentTerm();
      } catch (RuntimeException e) {
        term = -1; // the Raft server is closing: the change is still worth a line
      }
      String inTerm = term < 0 ? "" : " in term " + term;
      if (newLeader == null) {
        LOG.info("no leader known{}", inTerm);
      } else if (newLeader.toString().equals(config.id())) {
        LOG.info("leader is {} (this manager){}", newLeader, inTerm);
      } else {
        LOG.info("leader is {}{}", newLeader, inTerm);
      }
    }

    @Override
    public void notLeader() {
      leaderServices.stop();
    }

    @Override
    public void leaderReady() {
      // The first level of a new cluster is decided on the state before any worker can register through this leader.
      services.features().leaderReady();
      leaderServices.start(leadership.info().getCurrentTerm());
    }

    @Override
    public void removed() {
      LOG.info("manager {} was removed from the cluster", config.id());
      leaderServices.stop();
      removed.complete(null);
    }

    @Override
    public void applyFailed(io.orchestrate.manager.raft.ApplyFailure failure) {
      // Stop leading at once: a leader that applies nothing must not go on deciding.
      leaderServices.stop();
      applyFailed.complete(failure);
    }

    @Override
    public void applied(long index, long nanos) {
      services.metrics().applied(nanos);
      leaderServices.stateChanged();
    }
  }

  private final class RaftGauges implements ManagerMetrics.RaftGauges {
    @Override
    public boolean isLeader() {
      return leadership.isLeader();
    }

    @Override
    public long term() {
      return leadership.info().getCurrentTerm();
    }

    @Override
    public long commitIndex() {
      try {
        return raft.division().getRaftLog().getLastCommittedIndex();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public long appliedIndex() {
      return leadership.info().getLastAppliedIndex();
    }

    @Override
    public int jobs() {
      return stateMachine.image().jobs().size();
    }

    @Override
    public int tasks() {
      return stateMachine.image().tasks().size();
    }
  }
}
