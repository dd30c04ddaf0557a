package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.manager.raft.OrchestrateStateMachine;
import io.orchestrate.manager.raft.RaftNode;
import java.io.IOException;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;

/** What this manager knows about who leads, read from Ratis on every call (never cached). */
public final class Leadership {
  private final RaftNode raft;
  private final OrchestrateStateMachine sm;

  public Leadership(RaftNode raft, OrchestrateStateMachine sm) {
    this.raft = raft;
    this.sm = sm;
  }

  public DivisionInfo info() {
    try {
      return raft.division().getInfo();
    } catch (IOException e) {
      throw ApiException.unavailable("the Raft server is not running: " + e.getMessage());
    }
  }

  public boolean isLeader() {
    return info().isLeader();
  }

  /** The leader's id, or null when none is known. */
  public String leaderId() {
    RaftPeerId id = info().getLeaderId();
    return id == null ? null : id.toString();
  }

  /** The leader's published API address, or null when unknown. */
  public String leaderApi(String leaderId) {
    if (leaderId == null) return null;
    ManagerInfo m = sm.image().managers().get(leaderId);
    return m == null ? null : m.apiAddress();
  }

  /** Throws NOT_LEADER (redirect) or UNAVAILABLE (no leader) unless this manager leads. */
  public void requireLeader() {
    DivisionInfo i = info();
    if (i.isLeader()) return;
    RaftPeerId leader = i.getLeaderId();
    if (leader == null) throw ApiException.unavailable("no leader is elected; the cluster may have lost its quorum");
    throw new ApiException(ErrorCode.NOT_LEADER, "this manager is not the leader", leader.toString());
  }
}
