package io.orchestrate.bench.fleet;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.gateway.protocol.GatewayAddress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * N simulated workers in this process, sharing one Netty event loop group: each holds its own
 * gateway connection and follows the leader by itself. Node ids are {@code sim-RUN-00001...}, so
 * that runs against one cluster do not collide.
 *
 * <p>Built and closed by the bench's thread; the workers live on the group's loops.
 */
public final class SimulatedFleet implements AutoCloseable {
  /** Connections are opened over at least this long at the start, not all at once ... */
  static final Duration MIN_START_SPREAD = Duration.ofSeconds(1);
  /** ... and over this long per node, so that a thousand registrations reach the leader over five seconds. */
  static final Duration START_SPREAD_PER_NODE = Duration.ofMillis(5);
  /** ... and with TLS over this long per node: each connection starts with a handshake that costs both sides CPU. */
  static final Duration TLS_START_SPREAD_PER_NODE = Duration.ofMillis(20);

  /**
   * Client-side TLS handshakes in progress at once, fleet-wide. A real worker handshakes on its own
   * machine; here a thousand share the fleet's two event loops, and the JDK's P-256 arithmetic costs
   * milliseconds per handshake: with all of them at once on a busy machine, every handshake took
   * longer than the worker's register timeout, was abandoned and started again (1,000 nodes, at most
   * 48 registered over three minutes, the bench's own threads busy with nothing but EC arithmetic).
   * With a bound, the fleet's side costs what a fleet of separate machines would: none of the
   * managers' time is spent on handshakes that the client then drops.
   */
  static final int CLIENT_HANDSHAKES = 8;

  private final java.util.concurrent.Semaphore handshakes = new java.util.concurrent.Semaphore(CLIENT_HANDSHAKES);
  private final EventLoopGroup group;
  private final FleetCounters counters = new FleetCounters();
  private final List<SimulatedWorker> workers = new ArrayList<>();

  private SimulatedFleet(int ioThreads) {
    this.group = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("fleet-io", true));
  }

  /**
   * Starts {@code nodes} workers offering {@code capacity} each, connecting to {@code gateways}
   * (every manager's gateway; each worker starts at a random one and follows NotLeader hints).
   */
  public static SimulatedFleet start(int nodes, Resources capacity, List<String> gateways, int ioThreads, String runId) {
    return start(nodes, capacity, gateways, ioThreads, runId, FleetAccess.PLAIN, null);
  }

  /**
   * As {@link #start(int, Resources, List, int, String)}, each worker with its own certificate when
   * {@code access} has TLS: all are issued before the first connects, and the time that took is
   * printed to {@code out} (when given).
   */
  public static SimulatedFleet start(int nodes, Resources capacity, List<String> gateways, int ioThreads, String runId, FleetAccess access,
      PrintWriter out) {
    if (gateways.isEmpty()) throw new IllegalArgumentException("gateways must name at least one manager gateway");
    List<GatewayAddress> addresses = gateways.stream().map(g -> GatewayAddress.parse(g, "gateway")).toList();
    int digits = Integer.toString(nodes).length();
    List<String> ids = new ArrayList<>(nodes);
    for (int i = 1; i <= nodes; i++) ids.add(String.format("sim-%s-%0" + digits + "d", runId, i));
    List<SslContext> tls = new ArrayList<>(nodes);
    long issuing = System.nanoTime();
    for (String id : ids) tls.add(access.worker(id));
    if (access.tls() && out != null) {
      double s = (System.nanoTime() - issuing) / 1e9;
      out.printf(Locale.ROOT, "worker certificates: %,d issued (EC P-256) and loaded in %.2f s, %.2f ms each%n", nodes, s, s * 1000 / nodes);
      out.flush();
    }
    SimulatedFleet fleet = new SimulatedFleet(ioThreads);
    long perNodeMs = (access.tls() ? TLS_START_SPREAD_PER_NODE : START_SPREAD_PER_NODE).toMillis();
    long spreadMs = Math.max(MIN_START_SPREAD.toMillis(), perNodeMs * nodes);
    for (int i = 0; i < nodes; i++) {
      SimulatedWorker w = new SimulatedWorker(ids.get(i), capacity, Map.of("fleet", runId), addresses, fleet.group.next(), fleet.counters,
          tls.get(i), fleet.handshakes);
      fleet.workers.add(w);
      w.start(spreadMs * i / nodes);
    }
    return fleet;
  }

  /** Client-side TLS handshakes under way now (permits taken from {@link #CLIENT_HANDSHAKES}). */
  public int handshakesInProgress() {
    return CLIENT_HANDSHAKES - handshakes.availablePermits();
  }

  public FleetCounters counters() {
    return counters;
  }

  public int size() {
    return workers.size();
  }

  /** The workers of these node ids drop their connection and connect again, as a restarted worker would. */
  public void reconnect(java.util.Collection<String> nodeIds) {
    for (SimulatedWorker w : workers) if (nodeIds.contains(w.nodeId())) w.reconnect();
  }

  /** The workers of these node ids restart having lost every copy they ran (see {@link SimulatedWorker#restartEmpty}). */
  public void restartEmpty(java.util.Collection<String> nodeIds) {
    for (SimulatedWorker w : workers) if (nodeIds.contains(w.nodeId())) w.restartEmpty();
  }

  /** Every node id of the fleet, in order. */
  public List<String> nodeIds() {
    return workers.stream().map(SimulatedWorker::nodeId).toList();
  }

  /** What each worker runs now, node id to (task id to generation), each read on its own loop. */
  public Map<String, Map<String, Long>> held(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Future<Map<String, Long>>> reads = new java.util.LinkedHashMap<>();
    for (SimulatedWorker w : workers) reads.put(w.nodeId(), w.held());
    Map<String, Map<String, Long>> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Future<Map<String, Long>>> e : reads.entrySet()) {
      try {
        out.put(e.getKey(), e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (ExecutionException x) {
        throw new IllegalStateException("simulated worker " + e.getKey() + " could not be read", x.getCause());
      }
    }
    return out;
  }

  /** Workers registered right now with a leader of a term above {@code term}. */
  public int registeredAbove(long term) {
    int n = 0;
    for (SimulatedWorker w : workers) if (w.term() > term) n++;
    return n;
  }

  /**
   * Every worker remembers what it runs now; from then on {@link FleetCounters#removedAfterMark()}
   * and {@link FleetCounters#regeneratedAfterMark()} count changes to those tasks. Returns once
   * every worker has taken its mark.
   */
  public void mark(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Future<?>> marks = new ArrayList<>(workers.size());
    for (SimulatedWorker w : workers) marks.add(w.mark());
    for (Future<?> f : marks) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a simulated worker failed to take its mark", e.getCause());
      }
    }
  }

  @Override
  public void close() {
    for (SimulatedWorker w : workers) w.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }
}
