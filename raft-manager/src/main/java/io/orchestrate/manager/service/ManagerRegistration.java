package io.orchestrate.manager.service;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.core.feature.Feature;
import io.orchestrate.core.feature.FeatureLevel;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.manager.raft.OrchestrateStateMachine;
import io.orchestrate.manager.raft.RaftNode;
import io.orchestrate.manager.state.StateImage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this manager's addresses in the replicated state until the state holds them exactly,
 * and re-checks periodically (a restored snapshot or a changed address makes it publish again).
 * Goes through the Raft client, which finds the leader, so a follower can publish too.
 *
 * <p>A follower hears that its registration committed before it applies it, sometimes by more
 * than the check period on a loaded host. Sending again then would append a second, useless
 * entry, so once a registration has committed at index N this waits until the local replica
 * has applied N before it judges whether the state holds the addresses.
 *
 * <p>The highest feature level this manager supports goes into the record only once the cluster's
 * level has that field ({@link Feature#MANAGER_LEVELS}): until then a manager of an earlier release
 * may be a member and could not read it, so the record says the baseline, byte for byte as an
 * earlier release writes it. When the level is raised the record differs and is published again.
 */
public final class ManagerRegistration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerRegistration.class);

  private final RaftNode raft;
  private final OrchestrateStateMachine sm;
  /** This manager's addresses, at the baseline level. */
  private final ManagerInfo self;
  private final int featureLevel;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  /** Log index at which the last successful registration committed; 0 before the first. */
  private final AtomicLong committedAt = new AtomicLong();

  public ManagerRegistration(RaftNode raft, OrchestrateStateMachine sm, ManagerInfo self) {
    this(raft, sm, self, FeatureLevel.HIGHEST);
  }

  /** @param featureLevel the highest cluster feature level this manager supports */
  public ManagerRegistration(RaftNode raft, OrchestrateStateMachine sm, ManagerInfo self, int featureLevel) {
    this.raft = raft;
    this.sm = sm;
    this.self = self.withFeatureLevel(FeatureLevel.BASELINE);
    this.featureLevel = featureLevel;
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("registration-" + self.id()));
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::check, 0, 500, TimeUnit.MILLISECONDS);
  }

  public boolean registered() {
    return registeredIn(sm.image());
  }

  /** Whether {@code image} holds this manager's record as it should be at that image's level. */
  public boolean registeredIn(StateImage image) {
    return publishedAt(image).equals(image.managers().get(self.id()));
  }

  /** The record this manager publishes while the cluster is at {@code image}'s level. */
  ManagerInfo publishedAt(StateImage image) {
    return image.featureLevel() >= Feature.MANAGER_LEVELS.level() ? self.withFeatureLevel(featureLevel) : self;
  }

  /**
   * Whether to send a registration now: not while one is in flight (the caller checks that),
   * not while the state holds it, and not while this replica has yet to apply the one that
   * last committed.
   */
  static boolean shouldSend(boolean registered, long appliedIndex, long committedAt) {
    return !registered && appliedIndex >= committedAt;
  }

  /**
   * Whether to hold this manager's first registration back: in a new cluster, until its first
   * leader has set the feature level. That leader sets it only while the state holds nothing an
   * earlier release could have written, manager records included, so registrations that reached
   * the log first (the managers of a new cluster all knock at once) would leave a new cluster at
   * the baseline, refusing tokens and secrets with an upgrade step. A manager of an earlier
   * release ({@code supported} at the baseline) never holds back, so a cluster with one keeps its
   * records and stays at the baseline, as it must.
   */
  static boolean holdForFirstLevel(int supported, StateImage image) {
    return supported > FeatureLevel.BASELINE && image.managers().isEmpty() && !image.features().set();
  }

  private void check() {
    StateImage image = sm.image();
    if (holdForFirstLevel(featureLevel, image)) return;
    if (!shouldSend(registeredIn(image), appliedIndex(), committedAt.get()) || !inFlight.compareAndSet(false, true)) return;
    byte[] cmd = CommandCodec.encode(new RegisterManager(publishedAt(image)), io.orchestrate.core.codec.EntryFormat.forLevel(image.featureLevel()));
    CompletableFuture<RaftClientReply> sent;
    try {
      sent = raft.client().async().send(Message.valueOf(ByteString.copyFrom(cmd)));
    } catch (RuntimeException e) {
      // a joining or removed manager has no group to send to; the timer must keep running
      inFlight.set(false);
      return;
    }
    sent
        .orTimeout(10, TimeUnit.SECONDS)
        .whenComplete((r, e) -> {
          if (e == null && r.isSuccess()) committedAt.accumulateAndGet(r.getLogIndex(), Math::max);
          inFlight.set(false);
          if (e != null) LOG.debug("publishing manager addresses failed, will retry: {}", e.toString());
        });
  }

  private long appliedIndex() {
    TermIndex ti = sm.getLastAppliedTermIndex();
    return ti == null ? 0 : ti.getIndex();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
