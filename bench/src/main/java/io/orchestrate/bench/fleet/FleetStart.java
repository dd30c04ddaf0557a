package io.orchestrate.bench.fleet;

import io.orchestrate.client.ManagersClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's start: waits until every simulated node is registered with the leader and READY in
 * its state, with a progress line every few seconds.
 *
 * <p>On a busy machine the leader has declared some of the first nodes DOWN while a thousand
 * registered (their heartbeats went unheard for a TTL), and a node declared DOWN while its
 * connection stays up stays DOWN: the leader only revives a node that registers again. Such a
 * node is made to reconnect, as a restarted worker would, at most {@value #MAX_RECONNECTS} times;
 * the report counts them, so that a run that needed it says so. Nothing runs yet, so no task is
 * affected.
 *
 * <p>Used by the bench's thread.
 */
final class FleetStart {
  static final int MAX_RECONNECTS = 3;
  /** A node asked to reconnect gets this long to come back READY before it is asked again. */
  static final Duration RECONNECT_GRACE = Duration.ofSeconds(10);

  private final SimulatedFleet fleet;
  private final ManagersClient client;
  private final String prefix;
  private final PrintWriter out;
  /** Node id to the reconnects asked of it, and when the last was asked (nanoTime). */
  private final Map<String, long[]> reconnects = new HashMap<>();
  private long nextTick;

  FleetStart(SimulatedFleet fleet, ManagersClient client, String runId, PrintWriter out) {
    this.fleet = fleet;
    this.client = client;
    this.prefix = "sim-" + runId + "-";
    this.out = out;
  }

  FleetReport.Start await(RunDeadline deadline, Duration poll, Duration progressEvery) {
    long from = System.nanoTime();
    nextTick = from + progressEvery.toNanos();
    int nodes = fleet.size();
    Boolean ok = deadline.await("all " + nodes + " simulated nodes READY in the leader's state", poll, () -> {
      if (fleet.counters().registered() < nodes) {
        tick(from, progressEvery, -1, -1);
        return null;
      }
      int ready = 0;
      int down = 0;
      for (Map<String, Object> n : client.nodes().value().nodes()) {
        String id = String.valueOf(n.get("id"));
        if (!id.startsWith(prefix)) continue;
        String state = String.valueOf(n.get("state"));
        if ("READY".equals(state)) ready++;
        if ("DOWN".equals(state)) {
          down++;
          if (!reconnect(id)) return Boolean.FALSE;
        }
      }
      tick(from, progressEvery, ready, down);
      return ready >= nodes ? Boolean.TRUE : null;
    });
    if (!ok) {
      throw new IllegalStateException("a simulated node is still DOWN in the leader's state after " + MAX_RECONNECTS
          + " reconnections: the leader does not hear its heartbeats (is the machine overloaded?)");
    }
    long reconnected = reconnects.values().stream().mapToLong(r -> r[0]).sum();
    double seconds = FleetBench.round((System.nanoTime() - from) / 1e9);
    out.printf(Locale.ROOT, "%,d nodes registered and READY in %.1f s (%,d NotLeader answers on the way%s)%n", nodes, seconds,
        fleet.counters().notLeaderAnswers(),
        reconnected == 0 ? "" : String.format(Locale.ROOT, "; %,d nodes declared DOWN while registering were reconnected, %,d times in all",
            reconnects.size(), reconnected));
    out.flush();
    return new FleetReport.Start(seconds, reconnects.size(), reconnected);
  }

  /** Asks a DOWN node to reconnect unless it was asked moments ago; false once it has used up its reconnects. */
  private boolean reconnect(String id) {
    long now = System.nanoTime();
    long[] r = reconnects.computeIfAbsent(id, k -> new long[] {0, 0});
    if (r[0] > 0 && now - r[1] < RECONNECT_GRACE.toNanos()) return true;
    if (r[0] >= MAX_RECONNECTS) return false;
    r[0]++;
    r[1] = now;
    fleet.reconnect(List.of(id));
    return true;
  }

  private void tick(long from, Duration every, int ready, int down) {
    long now = System.nanoTime();
    if (now - nextTick < 0) return;
    nextTick = now + every.toNanos();
    out.printf(Locale.ROOT, "[%6.1fs] nodes: %,d registered%s%n", (now - from) / 1e9, fleet.counters().registered(),
        ready < 0 ? "" : String.format(Locale.ROOT, ", %,d READY and %,d DOWN in the leader's state", ready, down));
    out.flush();
  }
}
