package io.orchestrate.manager.raft;

import io.orchestrate.manager.config.HostPort;
import io.orchestrate.manager.config.ManagerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * This manager's Ratis server: builds it from {@link ManagerConfig}, and submits writes and read
 * barriers to it in-process (no extra gRPC hop for the API path). Also owns a {@link RaftClient}
 * for requests that must reach the leader from a follower and for admin operations; that client
 * follows the committed configuration, so it keeps finding the leader after members change.
 *
 * <p>In join mode the server starts with the group id and no peers: it is not in any
 * configuration, so it never campaigns, and waits for a leader to add it (Ratis bootstraps it by
 * log or snapshot). Once it holds a configuration in its log, restarts recover that instead.
 */
public final class RaftNode implements AutoCloseable {
  private final ManagerConfig config;
  private final OrchestrateStateMachine stateMachine;
  private final RaftGroup group;
  private final RaftPeerId selfId;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final RaftPeer self;
  private final List<RaftClient> retiredClients = new ArrayList<>();
  private volatile RaftServer server;
  private RaftClient client;
  private java.util.Set<RaftPeer> clientPeers = java.util.Set.of();
  /** Ratis's TLS settings (empty for plain text), for the server and every client this node builds. */
  private final org.apache.ratis.conf.Parameters parameters;

  public RaftNode(ManagerConfig config, OrchestrateStateMachine stateMachine) {
    this(config, stateMachine, null);
  }

  /** A node whose Raft port and clients use mutual TLS with {@code tls}, or plain text if it is null. */
  public RaftNode(ManagerConfig config, OrchestrateStateMachine stateMachine, io.orchestrate.security.TlsMaterial tls) {
    this.config = config;
    this.parameters = RaftTls.parameters(tls);
    this.stateMachine = stateMachine;
    this.selfId = RaftPeerId.valueOf(config.id());
    List<RaftPeer> peers = new ArrayList<>();
    for (Map.Entry<String, HostPort> e : config.peers().entrySet()) {
      peers.add(RaftPeer.newBuilder().setId(e.getKey()).setAddress(e.getValue().toString()).build());
    }
    this.group = config.join() ? RaftGroup.valueOf(groupId(config.clusterName())) : RaftGroup.valueOf(groupId(config.clusterName()), peers);
    this.self = RaftPeer.newBuilder().setId(selfId).setAddress(config.raftAddress().toString()).build();
  }

  /** The group id is derived from the cluster name, so managers of one cluster agree without sharing a file. */
  public static RaftGroupId groupId(String clusterName) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("orchestrate-cluster:" + clusterName).getBytes(StandardCharsets.UTF_8)));
  }

  RaftProperties properties() {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(config.dataDir().resolve("raft").toFile()));
    GrpcConfigKeys.Server.setHost(p, config.raftAddress().host());
    GrpcConfigKeys.Server.setPort(p, config.raftAddress().port());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(config.electionTimeoutMin().toMillis()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(config.electionTimeoutMax().toMillis()));
    // A manager's first election waits [max, 2 max]: JVMs that start together on a busy host come up
    // seconds apart, and with the short timeout above they would run several elections at once.
    // Such duels at a cluster's birth leave a follower holding a lost leader's entry at index 0 that
    // Ratis 3.3 does not repair (the new leader's heartbeat, sent without a previous entry, is taken
    // as a match; RATIS-2605), so that follower never catches up. Later elections are unaffected.
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, ms(config.electionTimeoutMax().toMillis()));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, ms(2 * config.electionTimeoutMax().toMillis()));
    // Pre-vote: a manager that lost touch (a pause, a partition) asks whether it could win before it
    // raises the term, so its return does not unseat a healthy leader. With the short timeouts below
    // that matters: a false election costs a failover's worth of 503s.
    RaftServerConfigKeys.LeaderElection.setPreVote(p, true);
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    // Leader lease: while a majority acknowledged its heartbeats within the lease (a fraction of the
    // minimum election timeout, so no other leader can have been elected meanwhile), the leader serves a
    // linearizable read from its own state without a heartbeat round; past it, ReadIndex as before.
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, config.purgeGap());
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.logSegmentSizeBytes()));
    // The proposer keeps every entry at most half of this (EntryLimits), so no entry is too large to ship.
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(config.entryLimits().appenderBufferBytes()));
    // A snapshot is shipped as a stream of chunks, at most 8 unanswered at a time, each given
    // (request timeout x 8) for its reply. When the stream breaks (the follower is still down), the
    // sender keeps waiting on those replies until that timeout: 24 s with the defaults, during which
    // the follower cannot be caught up. 1 MiB chunks with a 1 s request timeout give each chunk 8 s
    // (ample for 1 MiB on any link a manager should use) and bound that stall to 8 s.
    RaftServerConfigKeys.Log.Appender.setSnapshotChunkSizeMax(p, SizeInBytes.valueOf("1MB"));
    GrpcConfigKeys.Server.setInstallSnapshotRequestTimeout(p, TimeDuration.valueOf(1, TimeUnit.SECONDS));
    return p;
  }

  private static TimeDuration ms(long v) {
    return TimeDuration.valueOf(v, TimeUnit.MILLISECONDS);
  }

  public void start() throws IOException {
    server = RaftServer.newBuilder()
        .setServerId(selfId)
        .setGroup(group)
        .setProperties(properties())
        .setParameters(parameters)
        .setStateMachine(stateMachine)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    server.start();
    client();
  }

  private RaftProperties clientProperties() {
    RaftProperties p = new RaftProperties();
    org.apache.ratis.client.RaftClientConfigKeys.Rpc.setRequestTimeout(p, ms(config.requestTimeout().toMillis()));
    return p;
  }

  public RaftGroup group() {
    return group;
  }

  public RaftPeerId selfId() {
    return selfId;
  }

  public RaftServer.Division division() throws IOException {
    RaftServer s = server;
    // The API answers before the Raft server is built (so health can say "starting"): no NPE then.
    if (s == null) throw new IOException("the Raft server is starting");
    return s.getDivision(group.getGroupId());
  }

  /**
   * A client addressed to the current configuration's members (rebuilt when they change; the old
   * one stays open for requests in flight and is closed with this node). Before a joining server
   * holds any configuration the client addresses only this server, which answers with an error.
   */
  public synchronized RaftClient client() {
    java.util.Set<RaftPeer> peers = new java.util.HashSet<>(group.getPeers());
    try {
      if (server != null) peers = new java.util.HashSet<>(division().getRaftConf().getCurrentPeers());
    } catch (IOException e) {
      // removed or stopped: keep the last client
    }
    if (peers.isEmpty()) peers = java.util.Set.of(self);
    if (client == null || !peers.equals(clientPeers)) {
      if (client != null) retiredClients.add(client);
      client = newClient(RaftGroup.valueOf(group.getGroupId(), peers));
      clientPeers = peers;
    }
    return client;
  }

  /** A one-off client for {@code group}; the caller closes it. */
  public RaftClient newClient(RaftGroup g) {
    // Ratis retries forever without a pause by default; bound it so a request to a group without
    // a leader ends (about ten seconds) instead of spinning.
    return RaftClient.newBuilder().setRaftGroup(g).setProperties(clientProperties()).setParameters(parameters).setClientId(ClientId.randomId())
        .setRetryPolicy(org.apache.ratis.retry.RetryPolicies.retryUpToMaximumCountWithFixedSleep(100, ms(100)))
        .build();
  }

  public ManagerConfig config() {
    return config;
  }

  /** Submits a command to the local server. A follower answers with a NotLeaderException in the reply. */
  public CompletableFuture<RaftClientReply> submitWrite(byte[] payload) throws IOException {
    return server.submitClientRequestAsync(request(payload, RaftClientRequest.writeRequestType()));
  }

  /** A linearizable read barrier through the local server (ReadIndex; a follower asks the leader). */
  public CompletableFuture<RaftClientReply> readBarrier() throws IOException {
    return server.submitClientRequestAsync(request(new byte[0], RaftClientRequest.readRequestType()));
  }

  private RaftClientRequest request(byte[] payload, RaftClientRequest.Type type) {
    return RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(selfId)
        .setGroupId(group.getGroupId())
        .setCallId(callIds.incrementAndGet())
        .setMessage(Message.valueOf(ByteString.copyFrom(payload)))
        .setType(type)
        .build();
  }

  @Override
  public void close() throws IOException {
    try {
      synchronized (this) {
        for (RaftClient c : retiredClients) c.close();
        if (client != null) client.close();
      }
    } finally {
      if (server != null) server.close();
    }
  }
}
