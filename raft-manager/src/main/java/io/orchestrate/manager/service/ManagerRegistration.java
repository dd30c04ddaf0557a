package io.orchestrate.manager.service;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.manager.raft.OrchestrateStateMachine;
import io.orchestrate.manager.raft.RaftNode;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this manager's addresses in the replicated state until the state holds them exactly,
 * and re-checks periodically (a restored snapshot or a changed address makes it publish again).
 * Goes through the Raft client, which finds the leader, so a follower can publish too.
 */
public final class ManagerRegistration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerRegistration.class);

  private final RaftNode raft;
  private final OrchestrateStateMachine sm;
  private final ManagerInfo self;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean inFlight = new AtomicBoolean();

  public ManagerRegistration(RaftNode raft, OrchestrateStateMachine sm, ManagerInfo self) {
    this.raft = raft;
    this.sm = sm;
    this.self = self;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "registration-" + self.id());
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::check, 0, 500, TimeUnit.MILLISECONDS);
  }

  public boolean registered() {
    return self.equals(sm.image().managers().get(self.id()));
  }

  private void check() {
    if (registered() || !inFlight.compareAndSet(false, true)) return;
    byte[] cmd = CommandCodec.encode(new RegisterManager(self));
    java.util.concurrent.CompletableFuture<org.apache.ratis.protocol.RaftClientReply> sent;
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
          inFlight.set(false);
          if (e != null) LOG.debug("publishing manager addresses failed, will retry: {}", e.toString());
        });
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
