package io.orchestrate.manager.logs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.orchestrate.gateway.protocol.LogCancel;
import io.orchestrate.gateway.protocol.LogChunk;
import io.orchestrate.gateway.protocol.LogCredit;
import io.orchestrate.gateway.protocol.LogRequest;
import io.orchestrate.manager.config.LogRelayLimits;
import io.orchestrate.manager.session.NodeSessions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The task-output streams this manager relays from its workers' gateway connections to HTTP
 * clients. Each has an id unique on this manager, the worker session it reads from, and the
 * {@link Relay} that writes to the client. A stream ends when the worker sends its last chunk,
 * when the client goes (a {@link LogCancel} tells the worker), or when the worker's connection
 * closes (the client is cut off and resumes, through whichever manager then leads).
 *
 * <p>Every stream first takes a slot ({@link #admit}, bounded by {@link LogRelayLimits}); its HTTP side
 * gives it back when its connection closes, which every way of ending leads to.
 *
 * <p>Threads: chunks arrive on gateway event loops, opens and cancels on HTTP event loops; the
 * registry is a concurrent map and each relay hops to its own connection's loop.
 */
public final class TaskLogRelays {
  /** The HTTP side of one stream. */
  public interface Relay {
    /** Lines (or the end) from the worker; called on a gateway thread. */
    void chunk(LogChunk chunk);

    /** The worker's connection closed before the stream ended; {@code why} is for the log only. */
    void workerGone(String why);
  }

  private record Open(String nodeId, Channel worker, Relay relay, ChannelFutureListener onWorkerClosed) {}

  private final NodeSessions sessions;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Open> open = new ConcurrentHashMap<>();
  private final Counter opened;
  private final Counter bytes;
  private final Counter refused;
  private final Counter slowClosed;
  private final LogRelayLimits limits;
  private final LogStreamSlots slots;

  /** With the default {@link LogRelayLimits}. */
  public TaskLogRelays(NodeSessions sessions, MeterRegistry registry) {
    this(sessions, registry, LogRelayLimits.DEFAULTS);
  }

  /** @param registry where the stream counters go, or null for none */
  public TaskLogRelays(NodeSessions sessions, MeterRegistry registry, LogRelayLimits limits) {
    this.sessions = sessions;
    this.limits = limits;
    this.slots = new LogStreamSlots(limits);
    MeterRegistry r = registry != null ? registry : new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    this.refused = Counter.builder("orchestrate.logs.streams.refused")
        .description("log requests answered 429 because this manager or the client held its most streams").register(r);
    this.slowClosed = Counter.builder("orchestrate.logs.streams.slow.closed")
        .description("log streams closed because their client took nothing for logsSlowClientTimeout").register(r);
    Gauge.builder("orchestrate.logs.streams.admitted", slots, LogStreamSlots::held)
        .description("log streams admitted on this manager and not ended yet (what logsMaxStreams bounds)").register(r);
    this.opened = Counter.builder("orchestrate.logs.streams.opened").description("task output streams opened on this manager").register(r);
    this.bytes = Counter.builder("orchestrate.logs.bytes.streamed").baseUnit("bytes")
        .description("task output relayed to clients (line text plus a fixed overhead a line)").register(r);
    Gauge.builder("orchestrate.logs.streams.active", open, Map::size).description("task output streams open on this manager").register(r);
  }

  /** A slot for a new stream of {@code client}, or a 429 when this manager or that client holds its most. */
  public LogStreamSlots.Slot admit(String client) {
    try {
      return slots.take(client);
    } catch (RuntimeException e) {
      refused.increment();
      throw e;
    }
  }

  /** Slots held by admitted streams now. */
  public int admitted() {
    return slots.held();
  }

  public LogRelayLimits limits() {
    return limits;
  }

  /** A stream was closed because its client took nothing for {@link LogRelayLimits#slowClientTimeout}. */
  public void closedSlow() {
    slowClosed.increment();
  }

  /** The node's session on this manager, or null. */
  public NodeSessions.Session session(String nodeId) {
    return sessions.session(nodeId);
  }

  /**
   * Registers {@code relay} and asks the worker behind {@code session} for the output; returns
   * the stream's id. If the worker's connection is already gone, the relay hears so at once.
   */
  public long open(NodeSessions.Session session, String taskId, boolean follow, int tail, String stream, String since, int skip, Relay relay) {
    long id = ids.incrementAndGet();
    Channel ch = session.channel();
    ChannelFutureListener gone = f -> {
      if (open.remove(id) != null) relay.workerGone("the connection to node " + session.nodeId() + " closed");
    };
    open.put(id, new Open(session.nodeId(), ch, relay, gone));
    opened.increment();
    ch.closeFuture().addListener(gone);
    ch.writeAndFlush(new LogRequest(id, taskId, follow, tail, stream, since, skip, io.orchestrate.gateway.protocol.LogLimits.WINDOW_BYTES));
    return id;
  }

  /** A worker's chunk: handed to its stream's relay if that stream is open and was asked of this node. */
  public void chunk(String nodeId, LogChunk c) {
    Open o = open.get(c.streamId());
    if (o == null || !o.nodeId.equals(nodeId)) return; // a cancelled stream's last chunks, or another node's id
    if (c.end()) {
      open.remove(c.streamId());
      o.worker.closeFuture().removeListener(o.onWorkerClosed);
    }
    o.relay.chunk(c);
  }

  /** The client has taken {@code n} bytes of the stream: the worker may send as much again. */
  public void credit(long id, long n) {
    bytes.increment(n);
    Open o = open.get(id);
    if (o != null && n > 0) o.worker.writeAndFlush(new LogCredit(id, Math.min(n, io.orchestrate.gateway.protocol.LogLimits.WINDOW_BYTES)));
  }

  /** The client went away: the worker stops reading for it. */
  public void cancel(long id) {
    Open o = open.remove(id);
    if (o == null) return;
    o.worker.closeFuture().removeListener(o.onWorkerClosed);
    if (o.worker.isActive()) o.worker.writeAndFlush(new LogCancel(id));
  }

  /** Streams open now. */
  public int active() {
    return open.size();
  }
}
