package io.orchestrate.manager.leader;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.MarkNodeDown;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.manager.session.NodeSessions;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.Schedulers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the leader runs: the scheduling loop, rescheduling of lost tasks and drains, node
 * liveness and the delivery of desired state to workers. Started when this manager becomes the ready leader, stopped the moment it is
 * not. Every field below is owned by the single "leader" thread; other threads only post to it.
 */
public final class LeaderServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderServices.class);

  private final ManagerConfig config;
  private final Supplier<StateImage> image;
  private final Function<Command, CompletableFuture<CommandResult>> propose;
  private final NodeSessions sessions;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private final NodeLiveness liveness;
  private final DownDeclarations downs = new DownDeclarations();
  private long disruptionLoggedNanos;
  private final HeartbeatPacing pacing;
  private final SchedulingLoop scheduling;
  private final DesiredPublisher publisher;
  private final Rescheduler rescheduler;
  private final DeploymentWatcher deployments;
  private final AtomicBoolean publishQueued = new AtomicBoolean();
  private final AtomicBoolean roundQueued = new AtomicBoolean();
  private volatile long term;
  private ScheduledFuture<?> ticker;
  private final GarbageCollector garbage;

  public LeaderServices(ManagerConfig config, Supplier<StateImage> image, Function<Command, CompletableFuture<CommandResult>> propose,
      NodeSessions sessions, Clock clock) {
    this.config = config;
    this.image = image;
    this.propose = propose;
    this.sessions = sessions;
    this.clock = clock;
    this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("leader-" + config.id()));
    this.liveness = new NodeLiveness(config.nodeTtl(), System::nanoTime);
    this.pacing = new HeartbeatPacing(config.heartbeatInterval(), config.nodeTtl(), config.maxHeartbeatsPerSecond());
    this.scheduling = new SchedulingLoop(image, Schedulers.byName(config.schedulerAlgorithm()), propose, clock::millis);
    // Three heartbeats without the worker catching up on frames sent: they are not coming.
    this.publisher = new DesiredPublisher(image, sessions, config.heartbeatInterval().multipliedBy(3),
        io.orchestrate.gateway.protocol.DesiredFrames.BUDGET_BYTES, System::nanoTime);
    java.security.SecureRandom random = new java.security.SecureRandom();
    Supplier<String> taskIds = () -> {
      byte[] b = new byte[8];
      random.nextBytes(b);
      return "t-" + java.util.HexFormat.of().formatHex(b);
    };
    this.rescheduler = new Rescheduler(image, propose, clock::millis, taskIds);
    this.deployments = new DeploymentWatcher(image, propose, clock::millis, taskIds);
    this.garbage = new GarbageCollector(config, image, propose, clock::millis);
  }

  /** The term this manager leads in, or 0 when it does not lead. */
  public long term() {
    return term;
  }

  public void start(long leaderTerm) {
    later(() -> {
      if (term == leaderTerm) return;
      term = leaderTerm;
      List<String> known = new ArrayList<>();
      for (Node n : image.get().nodes().values()) if (n.state() != NodeState.DOWN) known.add(n.id());
      // The old leader may hold the workers for up to an election timeout before it steps down;
      // and each node gets the TTL the fleet's size gives, which is what it will be told anew.
      HeartbeatPacing.Pace pace = pacing.forNodes(known.size());
      liveness.graceAll(known, java.time.Duration.ofMillis(pace.ttlMs()), config.electionTimeoutMax());
      downs.clear();
      if (ticker != null) ticker.cancel(false);
      long every = config.schedulingInterval().toMillis();
      ticker = thread.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
      LOG.info("leading in term {}: scheduling with {}, {} known nodes on a fresh {} ms TTL (+{} ms failover grace)", leaderTerm,
          config.schedulerAlgorithm(), known.size(), pace.ttlMs(), config.electionTimeoutMax().toMillis());
    });
  }

  public void stop() {
    later(() -> {
      if (term == 0) return;
      LOG.info("no longer leading (was term {})", term);
      term = 0;
      if (ticker != null) ticker.cancel(false);
      ticker = null;
      sessions.closeAll();
    });
  }

  /**
   * A state change was applied: deliver desired sets soon, and run a scheduling round now rather
   * than at the next tick, so a submitted job is placed as soon as it is committed (both
   * coalesced: many applies in a row queue one of each).
   */
  public void stateChanged() {
    if (term != 0 && publishQueued.compareAndSet(false, true)) {
      later(() -> {
        publishQueued.set(false);
        if (term != 0) publisher.publish(term);
      });
    }
    if (term != 0 && roundQueued.compareAndSet(false, true)) {
      later(() -> {
        roundQueued.set(false);
        if (term != 0) schedulingRound();
      });
    }
  }

  /**
   * One scheduling round unless one is in flight. When it commits, the next one is tried at once:
   * the change that woke this round may have been applied while it was in flight. A round that
   * failed (no quorum, lost leadership) is retried by the tick, not in a tight loop.
   */
  private void schedulingRound() {
    CompletableFuture<?> round = scheduling.round();
    if (round != null) {
      round.whenComplete((r, e) -> later(() -> {
        scheduling.roundDone();
        if (e == null && term != 0) schedulingRound();
      }));
    }
  }

  /** The interval and TTL to give a worker registering now, paced with the fleet connected here. */
  public HeartbeatPacing.Pace pace() {
    return pacing.forNodes(sessions.size() + 1);
  }

  /** A worker's session opened on the gateway: give it a fresh TTL and its whole desired set. */
  public void nodeConnected(NodeSessions.Session session) {
    heartbeat(session.nodeId(), session.ttl());
    later(() -> {
      if (term != 0) publisher.publish(term, session);
    });
  }

  public void heartbeat(String nodeId) {
    liveness.heartbeat(nodeId);
  }

  /** A heartbeat from a node told to keep {@code ttl}; the fleet's TTL now if that is longer ({@link HeartbeatPacing#ttlMs}). */
  public void heartbeat(String nodeId, java.time.Duration ttl) {
    liveness.heartbeat(nodeId, java.time.Duration.ofMillis(pacing.ttlMs(ttl.toMillis(), sessions.size())));
  }

  private void tick() {
    if (term == 0) return;
    try {
      List<String> expired = liveness.expired();
      if (!expired.isEmpty() || downs.pending()) declareDown(expired);
      // Resends whatever a worker reports it lacks, even when the state did not change.
      publisher.publish(term);
      CompletableFuture<?> moved = rescheduler.round();
      if (moved != null) moved.whenComplete((r, e) -> later(rescheduler::roundDone));
      deployments.tick(this::later);
      schedulingRound();
      scheduling.flushLog();
      garbage.tick();
    } catch (RuntimeException e) {
      LOG.error("leader tick failed", e);
    }
  }

  /** Declares DOWN, at the pace {@link DownDeclarations} allows, the nodes whose TTL passed without a heartbeat. */
  private void declareDown(List<String> expired) {
    StateImage s = image.get();
    int fleet = 0;
    for (Node n : s.nodes().values()) if (n.state() != NodeState.DOWN) fleet++;
    DownDeclarations.Decision d = downs.due(expired, liveness::tracked, fleet, System.nanoTime());
    for (String id : d.declare()) {
      Node n = s.nodes().get(id);
      if (n == null || n.state() == NodeState.DOWN) continue;
      LOG.warn("node {} missed heartbeats for its whole TTL: declaring it down", id);
      propose.apply(new MarkNodeDown(id, "no heartbeat within its TTL", clock.millis()));
    }
    long now = System.nanoTime();
    if (d.disrupted() && now - disruptionLoggedNanos > 10_000_000_000L) {
      disruptionLoggedNanos = now;
      LOG.warn("{} of {} nodes missed their heartbeats at once: more likely this leader is overloaded or cut off than that they all "
          + "failed; declaring none down until fewer than {}% are missing", d.waiting(), fleet, Math.round(DownDeclarations.DISRUPTED_FRACTION * 100));
    }
  }

  /**
   * Runs {@code work} on the leader thread. Ratis still reports leadership changes while the
   * manager closes (a closing leader steps down), after this thread has stopped: there is nothing
   * left to start or stop then, so such work is dropped instead of failing its caller.
   */
  private void later(Runnable work) {
    try {
      thread.execute(work);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      if (!thread.isShutdown()) throw e;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
