package io.orchestrate.manager.session;

import io.netty.channel.Channel;
import io.orchestrate.gateway.protocol.NodeStats;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers connected to this manager's gateway while it leads: one session per node, the
 * latest host stats each sent, and what of its desired set was sent and acknowledged. Written by
 * gateway threads (connect, heartbeat) and the leader thread (what was sent); all maps concurrent.
 */
public final class NodeSessions {
  /** One connected worker. */
  public static final class Session {
    final String nodeId;
    final Channel channel;
    final boolean versioned;
    final DesiredDelivery delivery = new DesiredDelivery();
    volatile String lastDesired;
    /** The worker registered with the logs capability (set once, before the session is used). */
    volatile boolean servesLogs;
    final java.time.Duration heartbeat;
    final java.time.Duration ttl;

    Session(String nodeId, Channel channel, boolean versioned, java.time.Duration heartbeat, java.time.Duration ttl) {
      this.nodeId = nodeId;
      this.channel = channel;
      this.versioned = versioned;
      this.heartbeat = heartbeat;
      this.ttl = ttl;
    }

    /** The heartbeat interval this worker was told when it registered. */
    public java.time.Duration heartbeat() {
      return heartbeat;
    }

    /** The TTL this worker was told when it registered. */
    public java.time.Duration ttl() {
      return ttl;
    }

    /** Whether the worker reads versioned desired sets (parts, deltas, acknowledgements). */
    public boolean versioned() {
      return versioned;
    }

    /** The versioned delivery of the desired set on this session. */
    public DesiredDelivery delivery() {
      return delivery;
    }

    public String nodeId() {
      return nodeId;
    }

    public Channel channel() {
      return channel;
    }

    /** Whether the worker serves its tasks' output (it registered with {@code logs}). */
    public boolean servesLogs() {
      return servesLogs;
    }

    public void servesLogs(boolean on) {
      servesLogs = on;
    }

    /** The fingerprint of the last unversioned set sent, for a worker without versioned sets. */
    public String lastDesired() {
      return lastDesired;
    }

    public void lastDesired(String fingerprint) {
      lastDesired = fingerprint;
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, NodeStats> stats = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong disconnects = new java.util.concurrent.atomic.AtomicLong();

  /** Opens a session for a node, closing any older connection of the same node. */
  public Session open(String nodeId, Channel channel, boolean versioned) {
    return open(nodeId, channel, versioned, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(6));
  }

  /** Opens a session for a worker told to heartbeat every {@code heartbeat} and kept for {@code ttl}. */
  public Session open(String nodeId, Channel channel, boolean versioned, java.time.Duration heartbeat, java.time.Duration ttl) {
    Session s = new Session(nodeId, channel, versioned, heartbeat, ttl);
    Session old = sessions.put(nodeId, s);
    if (old != null && old.channel != channel) old.channel.close();
    return s;
  }

  public void closed(String nodeId, Channel channel) {
    boolean[] ended = {false};
    sessions.computeIfPresent(nodeId, (k, s) -> {
      if (s.channel != channel) return s;
      ended[0] = true;
      return null;
    });
    if (ended[0]) disconnects.incrementAndGet();
  }

  /**
   * Sessions that ended because their connection closed, since this manager started. Not counted:
   * an older connection replaced by the same node's newer one, and {@link #closeAll} on a
   * leadership change (the workers then move to the new leader, which is not a worker's fault).
   */
  public long disconnects() {
    return disconnects.get();
  }

  /** Workers connected here now. */
  public int size() {
    return sessions.size();
  }

  public Iterable<Session> all() {
    return sessions.values();
  }

  /** The node's session here, or null when it is not connected to this manager. */
  public Session session(String nodeId) {
    return sessions.get(nodeId);
  }

  public boolean connected(String nodeId) {
    return sessions.containsKey(nodeId);
  }

  public void stats(String nodeId, NodeStats s) {
    stats.put(nodeId, s);
  }

  public NodeStats stats(String nodeId) {
    return stats.get(nodeId);
  }

  /** Leadership lost: every worker must find the new leader. */
  public void closeAll() {
    // Removed before their channels close, so that closed() finds none of them and counts no disconnect.
    java.util.List<Session> all = new java.util.ArrayList<>(sessions.values());
    sessions.clear();
    stats.clear();
    for (Session s : all) s.channel.close();
  }
}
