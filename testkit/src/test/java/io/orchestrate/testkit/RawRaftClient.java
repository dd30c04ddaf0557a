package io.orchestrate.testkit;

import io.orchestrate.manager.raft.RaftNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

/**
 * A plain Ratis client aimed at a cluster's Raft ports, as any process that reaches them could
 * build one: no manager code in between, whatever bytes it is given go out as a write.
 */
final class RawRaftClient implements AutoCloseable {
  private final RaftClient client;

  RawRaftClient(MiniCluster c) {
    this(c, null, 20);
  }

  /** A client over TLS with {@code tls} (or plain text if null) that gives up after {@code attempts}. */
  RawRaftClient(MiniCluster c, io.orchestrate.security.TlsMaterial tls, int attempts) {
    List<RaftPeer> peers = new ArrayList<>();
    for (String id : c.ids()) peers.add(RaftPeer.newBuilder().setId(id).setAddress(c.raftAddress(id)).build());
    RaftProperties p = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3, TimeUnit.SECONDS));
    client = RaftClient.newBuilder()
        .setRaftGroup(RaftGroup.valueOf(RaftNode.groupId("orchestrate"), peers))
        .setProperties(p)
        .setParameters(io.orchestrate.manager.raft.RaftTls.parameters(tls))
        .setClientId(ClientId.randomId())
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
        .build();
  }

  /** Sends {@code bytes} as a write; returns the reply, or throws what the client threw. */
  RaftClientReply write(byte[] bytes) throws IOException {
    return client.io().send(Message.valueOf(ByteString.copyFrom(bytes)));
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
