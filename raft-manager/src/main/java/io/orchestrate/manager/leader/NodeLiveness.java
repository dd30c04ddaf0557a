package io.orchestrate.manager.leader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Heartbeat deadlines of worker nodes, kept by the leader only. A new leader starts every known
 * node with a fresh TTL plus a grace ({@link #graceAll}), so a failover by itself never declares a
 * node down: workers need time to find the new leader, and a deposed leader cut off from its
 * peers (not from its workers) keeps them until it notices, which takes up to an election timeout. Heartbeats arrive on gateway threads; the leader
 * thread reads expirations; the map is concurrent.
 */
final class NodeLiveness {
  private final Duration ttl;
  private final LongSupplier nanoClock;
  private final Map<String, Long> deadlines = new ConcurrentHashMap<>();

  NodeLiveness(Duration ttl, LongSupplier nanoClock) {
    this.ttl = ttl;
    this.nanoClock = nanoClock;
  }

  void heartbeat(String nodeId) {
    deadlines.put(nodeId, nanoClock.getAsLong() + ttl.toNanos());
  }

  /** A heartbeat from a node told to keep {@code nodeTtl} (paced with the fleet's size). */
  void heartbeat(String nodeId, Duration nodeTtl) {
    deadlines.put(nodeId, nanoClock.getAsLong() + nodeTtl.toNanos());
  }

  void graceAll(Iterable<String> nodeIds, Duration grace) {
    graceAll(nodeIds, ttl, grace);
  }

  /** Every known node gets {@code nodeTtl} plus {@code grace}, as a new leader gives them. */
  void graceAll(Iterable<String> nodeIds, Duration nodeTtl, Duration grace) {
    deadlines.clear();
    long deadline = nanoClock.getAsLong() + nodeTtl.toNanos() + grace.toNanos();
    for (String id : nodeIds) deadlines.put(id, deadline);
  }

  /** Nodes whose deadline passed; each is reported once until it heartbeats again. */
  List<String> expired() {
    long now = nanoClock.getAsLong();
    List<String> out = new ArrayList<>();
    deadlines.forEach((id, deadline) -> {
      if (now - deadline > 0) out.add(id);
    });
    out.forEach(deadlines::remove);
    return out;
  }

  /** Whether the node has a deadline: it heartbeated (or was given a grace) since it was last reported expired. */
  boolean tracked(String nodeId) {
    return deadlines.containsKey(nodeId);
  }

  void forget(String nodeId) {
    deadlines.remove(nodeId);
  }
}
