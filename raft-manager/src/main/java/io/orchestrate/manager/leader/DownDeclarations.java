package io.orchestrate.manager.leader;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which of the nodes whose heartbeats ran out the leader declares DOWN now. Declaring a node DOWN
 * moves every task it runs, so in a large fleet it is paced, as Kubernetes paces its evictions
 * ({@code --node-eviction-rate}, {@code --unhealthy-zone-threshold}):
 * <ul>
 *   <li>at most {@value #FRACTION_PER_SECOND} of the fleet a second (at least one): a node waiting
 *       its turn that heartbeats meanwhile is spared, so a leader that fell behind for a few seconds
 *       costs a few nodes, not thousands;
 *   <li>none while more than {@value #DISRUPTED_FRACTION} of the fleet is missing at once: that
 *       many machines failing together is far less likely than this leader being overloaded, paused
 *       or cut off from them, and moving their tasks would only pile their work onto the rest.
 *       They are declared, at the same pace, once fewer are missing.
 * </ul>
 * A fleet of fewer than {@value #LARGE_FLEET} nodes is not paced: every node is declared as soon as
 * its TTL passes, as before (one node of three is a third of the fleet).
 *
 * <p>Without this, 10,000 simulated workers on a loaded 2-core machine lost 3,000 nodes to DOWN
 * while placing 100,000 tasks, and after a leader failover 84,602 of the 100,000 tasks were moved.
 *
 * <p>Used by the leader thread only.
 */
final class DownDeclarations {
  static final int LARGE_FLEET = 50;
  static final double FRACTION_PER_SECOND = 0.01;
  static final double DISRUPTED_FRACTION = 0.3;

  /** Expired, not heard from since, not declared yet; in the order they expired. */
  private final Set<String> waiting = new LinkedHashSet<>();
  private double allowance;
  private long lastNanos;
  private boolean started;

  /** What {@link #due} decided, for the leader's log. */
  record Decision(List<String> declare, int waiting, boolean disrupted) {}

  /**
   * @param expired  nodes whose TTL passed since the last call
   * @param heard    whether a node has heartbeated since it expired (it is spared)
   * @param fleet    the nodes the leader knows that are not DOWN
   * @param nowNanos the time (System.nanoTime)
   */
  Decision due(List<String> expired, Predicate<String> heard, int fleet, long nowNanos) {
    if (fleet < LARGE_FLEET) {
      List<String> all = new ArrayList<>(waiting);
      all.addAll(expired);
      waiting.clear();
      all.removeIf(heard);
      return new Decision(all, 0, false);
    }
    waiting.addAll(expired);
    waiting.removeIf(heard);
    double perSecond = Math.max(1, fleet * FRACTION_PER_SECOND);
    if (!started) {
      started = true;
      allowance = perSecond;
    } else {
      allowance = Math.min(perSecond, allowance + (nowNanos - lastNanos) / 1e9 * perSecond);
    }
    lastNanos = nowNanos;
    if (waiting.size() > fleet * DISRUPTED_FRACTION) return new Decision(List.of(), waiting.size(), true);
    List<String> now = new ArrayList<>();
    for (Iterator<String> it = waiting.iterator(); it.hasNext() && allowance >= 1; ) {
      now.add(it.next());
      it.remove();
      allowance -= 1;
    }
    return new Decision(now, waiting.size(), false);
  }

  /** Whether nodes are waiting their turn (or the end of a disruption). */
  boolean pending() {
    return !waiting.isEmpty();
  }

  /** A new term starts from nothing: every node gets a fresh TTL (NodeLiveness.graceAll). */
  void clear() {
    waiting.clear();
    started = false;
  }
}
