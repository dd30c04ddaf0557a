package io.orchestrate.manager.service;

import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.MemberView;
import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.raft.RaftNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.server.RaftConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds and removes managers through Ratis configuration changes, on the leader only.
 *
 * <p>Adding uses {@code ADD} mode: the leader first brings the new server up to date (log entries
 * or a snapshot install) and only then commits the joint configuration, so a manager that never
 * started fails the request without ever counting towards the quorum. Removing uses
 * {@code COMPARE_AND_SET} against the configuration that was checked, so two concurrent changes
 * cannot both pass the quorum check; it refuses to leave fewer than a quorum of the remaining
 * members reachable, and refuses to remove the leader itself (transfer leadership first, so the
 * change is committed by a leader that stays). After a removal the removed server is told to
 * drop the group, which stops it cleanly; it never learns the final configuration otherwise.
 */
public final class MembershipService {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipService.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private final RaftNode raft;
  private final Leadership leadership;
  private final ClusterService cluster;
  private final Reads reads;
  private final Executor blocking;

  public MembershipService(RaftNode raft, Leadership leadership, ClusterService cluster, Reads reads, Executor blocking) {
    this.raft = raft;
    this.leadership = leadership;
    this.cluster = cluster;
    this.reads = reads;
    this.blocking = blocking;
  }

  /** Adds {@code id} at Raft address {@code raftAddress}; answering the same request again is a no-op. */
  public CompletableFuture<ClusterView> add(String id, String raftAddress) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "id must be 1-63 letters, digits, '.', '_' or '-' (got '" + id + "')");
    }
    HostPort address;
    try {
      address = HostPort.parse(raftAddress, "raftAddress");
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.BAD_REQUEST, e.getMessage());
    }
    leadership.requireLeader();
    RaftConfiguration conf = conf();
    RaftPeer existing = conf.getPeer(RaftPeerId.valueOf(id));
    if (existing != null) {
      if (existing.getAddress().equals(address.toString())) return view();
      throw new ApiException(ErrorCode.CONFLICT, "manager '" + id + "' is already a member at " + existing.getAddress()
          + "; remove it first to change its address");
    }
    for (RaftPeer p : conf.getAllPeers()) {
      if (p.getAddress().equals(address.toString())) {
        throw new ApiException(ErrorCode.CONFLICT, "Raft address " + address + " already belongs to member '" + p.getId() + "'");
      }
    }
    RaftPeer peer = RaftPeer.newBuilder().setId(id).setAddress(address.toString()).build();
    SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
        .setServersInNewConf(List.of(peer)).setMode(SetConfigurationRequest.Mode.ADD).build();
    return CompletableFuture.supplyAsync(() -> {
      change(args, "adding " + id + " at " + address,
          " Is it running with --join, with --cluster-name matching, and reachable from the leader at " + address + "?");
      LOG.info("manager {} added at {}", id, address);
      return null;
    }, blocking).thenCompose(v -> view());
  }

  /** Removes member {@code id}, after checking that the remaining members keep a reachable quorum. */
  public CompletableFuture<ClusterView> remove(String id) {
    leadership.requireLeader();
    RaftConfiguration conf = conf();
    RaftPeer target = conf.getPeer(RaftPeerId.valueOf(id));
    if (target == null) throw new ApiException(ErrorCode.NOT_FOUND, "manager '" + id + "' is not a member of the cluster");
    if (target.getId().equals(raft.selfId())) {
      throw new ApiException(ErrorCode.CONFLICT, "manager '" + id + "' is the leader; move leadership first"
          + " (orchestrate cluster transfer-leadership OTHER_ID), then remove it");
    }
    Collection<RaftPeer> current = conf.getCurrentPeers();
    return reads.read(true).thenCompose(cluster::view).thenApplyAsync(view -> {
      checkQuorumAfterRemoval(id, view);
      List<RaftPeer> remaining = new ArrayList<>();
      for (RaftPeer p : current) if (!p.getId().equals(target.getId())) remaining.add(p);
      SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
          .setServersInCurrentConf(new ArrayList<>(current))
          .setServersInNewConf(remaining).setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build();
      change(args, "removing " + id, "");
      LOG.info("manager {} removed", id);
      CompletableFuture.runAsync(() -> tellToLeave(target), blocking);
      return null;
    }, blocking).thenCompose(v -> view());
  }

  /**
   * A quorum of the remaining members must answer their health check now, or the cluster could
   * be left without a leader the moment the removal commits.
   */
  static void checkQuorumAfterRemoval(String id, ClusterView view) {
    List<String> reachable = new ArrayList<>();
    List<String> unreachable = new ArrayList<>();
    for (MemberView m : view.members()) {
      if (m.id().equals(id)) continue;
      if ("UNREACHABLE".equals(m.role())) unreachable.add(m.id());
      else reachable.add(m.id());
    }
    int remaining = reachable.size() + unreachable.size();
    int quorum = remaining / 2 + 1;
    if (remaining == 0) throw new ApiException(ErrorCode.CONFLICT, "refusing to remove '" + id + "': it is the last member");
    if (reachable.size() < quorum) {
      throw new ApiException(ErrorCode.CONFLICT, "refusing to remove '" + id + "': the " + remaining
          + " remaining members need " + quorum + " reachable to keep a quorum, but only " + reachable.size()
          + " answer (" + String.join(", ", reachable) + "); unreachable: " + String.join(", ", unreachable)
          + ". Bring those back, or remove an unreachable member instead.");
    }
  }

  private void change(SetConfigurationRequest.Arguments args, String what, String hint) {
    RaftClientReply reply;
    try {
      reply = raft.client().admin().setConfiguration(args);
    } catch (ReconfigurationInProgressException e) {
      throw ApiException.unavailable("another membership change is in progress; retry");
    } catch (IOException e) {
      throw failure(e, what, hint);
    }
    if (!reply.isSuccess()) throw failure(reply.getException(), what, hint);
  }

  private static ApiException failure(Exception e, String what, String hint) {
    if (e instanceof ReconfigurationInProgressException) return ApiException.unavailable("another membership change is in progress; retry");
    String msg = e == null ? "unknown reason" : e.getMessage();
    return new ApiException(ErrorCode.CONFLICT, what + " failed: " + msg + "." + hint);
  }

  /** Best effort: a removed server that is down simply stays out when it comes back. */
  private void tellToLeave(RaftPeer target) {
    try (RaftClient c = raft.newClient(RaftGroup.valueOf(raft.group().getGroupId(), target))) {
      RaftClientReply r = c.getGroupManagementApi(target.getId()).remove(raft.group().getGroupId(), false, false);
      if (!r.isSuccess()) {
        LOG.info("removed manager {} did not leave the group: {}", target.getId(),
            r.getException() == null ? "no reason given" : r.getException().toString());
      }
    } catch (IOException | RuntimeException e) {
      LOG.info("removed manager {} could not be told to stop: {}", target.getId(), e.toString());
    }
  }

  private RaftConfiguration conf() {
    try {
      return raft.division().getRaftConf();
    } catch (IOException e) {
      throw ApiException.unavailable("the Raft server is not running");
    }
  }

  private CompletableFuture<ClusterView> view() {
    return reads.read(true).thenCompose(cluster::view);
  }
}
