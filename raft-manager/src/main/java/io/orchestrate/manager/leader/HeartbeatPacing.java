package io.orchestrate.manager.leader;

import java.time.Duration;

/**
 * How often workers heartbeat, scaled with the fleet so that the leader receives at most
 * {@code maxPerSecond} heartbeats a second whatever its size. Each worker learns its interval and
 * TTL when it registers; a fleet that grew since then is paced anew at its next registration (every
 * worker registers again with each new leader). The TTL keeps its ratio to the interval, so a node
 * is declared DOWN after the same number of missed beats at any size; a large fleet trades slower
 * failure detection for a leader that keeps up, as Nomad's heartbeat TTLs do.
 *
 * @param interval     the interval for a small fleet ({@code --heartbeat-interval})
 * @param ttl          the TTL for a small fleet ({@code --node-ttl})
 * @param maxPerSecond the most heartbeats a second the leader should receive ({@code --max-heartbeats-per-second})
 */
public record HeartbeatPacing(Duration interval, Duration ttl, int maxPerSecond) {
  /** One worker's interval and TTL. */
  public record Pace(long intervalMs, long ttlMs) {}

  public HeartbeatPacing {
    if (maxPerSecond < 1) throw new IllegalArgumentException("--max-heartbeats-per-second must be at least 1 (got " + maxPerSecond + ")");
  }

  /**
   * How long the leader waits for a worker's next heartbeat: the TTL the worker was told when it
   * registered or the TTL for the fleet as it is now, whichever is longer. A worker keeps the pace it
   * registered with until it registers again, so the first of a growing fleet still beat every
   * second with a 6 s TTL when 10,000 had joined; with the leader's every thread busy with the
   * others, thousands of those were declared DOWN while alive (and their tasks moved). The fleet
   * as it is now is paced to at most {@code maxPerSecond}, so its TTL is what the leader can keep up with.
   */
  public long ttlMs(long toldTtlMs, int nodes) {
    return Math.max(toldTtlMs, forNodes(nodes).ttlMs());
  }

  /** The pace for a fleet of {@code nodes} workers. */
  public Pace forNodes(int nodes) {
    long base = interval.toMillis();
    long paced = (long) Math.ceil(nodes * 1000.0 / maxPerSecond);
    long intervalMs = Math.max(base, paced);
    long ttlMs = Math.max(ttl.toMillis(), (long) Math.ceil(intervalMs * (double) ttl.toMillis() / base));
    return new Pace(intervalMs, ttlMs);
  }
}
