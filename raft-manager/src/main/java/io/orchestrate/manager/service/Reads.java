package io.orchestrate.manager.service;

import io.orchestrate.manager.raft.OrchestrateStateMachine;
import io.orchestrate.manager.raft.RaftNode;
import io.orchestrate.manager.state.StateImage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Serves reads from the published image. A linearizable read first passes a ReadIndex barrier
 * through Ratis (a follower asks the leader for the commit index and waits until it has applied
 * it), so it sees every write acknowledged before it began. A stale read takes the local image.
 */
public final class Reads {
  private final RaftNode raft;
  private final OrchestrateStateMachine sm;
  private final Duration timeout;

  public Reads(RaftNode raft, OrchestrateStateMachine sm, Duration timeout) {
    this.raft = raft;
    this.sm = sm;
    this.timeout = timeout;
  }

  public StateImage local() {
    return sm.image();
  }

  public CompletableFuture<StateImage> read(boolean stale) {
    if (stale) return CompletableFuture.completedFuture(sm.image());
    try {
      return raft.readBarrier()
          .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .handle((reply, err) -> {
            if (err != null) throw ApiException.unavailable("linearizable read failed: " + rootMessage(err) + " (retry, or add ?stale=true)");
            if (!reply.isSuccess()) {
              ApiException e = Proposer.translate(reply);
              throw ApiException.unavailable("linearizable read failed: " + e.getMessage() + " (retry, or add ?stale=true)");
            }
            return sm.image();
          });
    } catch (Exception e) {
      return CompletableFuture.failedFuture(ApiException.unavailable("linearizable read failed: " + e.getMessage()));
    }
  }

  static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t instanceof java.util.concurrent.TimeoutException ? "timed out" : String.valueOf(t.getMessage());
  }
}
