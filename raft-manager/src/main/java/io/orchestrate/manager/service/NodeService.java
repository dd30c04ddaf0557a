package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.SetNodeDrain;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/** Operator requests on nodes, decided on the leader. */
public final class NodeService {
  private final Leadership leadership;
  private final Proposer proposer;
  private final Reads reads;
  private final Clock clock;

  public NodeService(Leadership leadership, Proposer proposer, Reads reads, Clock clock) {
    this.leadership = leadership;
    this.proposer = proposer;
    this.reads = reads;
    this.clock = clock;
  }

  /** Drains (no new tasks; its tasks move, replacement first) or undrains a node. */
  public CompletableFuture<Void> drain(String nodeId, boolean drain) {
    leadership.requireLeader();
    if (!reads.local().nodes().containsKey(nodeId)) throw new ApiException(ErrorCode.NOT_FOUND, "node '" + nodeId + "' does not exist");
    return proposer.propose(new SetNodeDrain(nodeId, drain, clock.millis())).thenApply(r -> {
      if (r instanceof CommandResult.Rejected rej) throw new ApiException(ErrorCode.byWire(rej.code()), rej.message());
      return null;
    });
  }
}
