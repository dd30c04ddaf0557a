package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.manager.config.EventLimits;
import io.orchestrate.manager.events.EventLog;
import io.orchestrate.manager.service.ApiException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event streams of one manager ({@code GET /v1/events}): at most {@code maxStreams} at once
 * (one more gets 503 with {@code Retry-After}), and all of them ended when the manager stops.
 * A slot is taken when the request is accepted and given back when its connection closes, or
 * when the answer is never sent because the connection closed first.
 */
final class EventStreams implements AutoCloseable {
  private final EventLog log;
  private final EventLimits limits;
  private final AtomicInteger slots = new AtomicInteger();
  private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong droppedSlow = new AtomicLong();
  private volatile boolean closed;

  EventStreams(EventLog log, EventLimits limits) {
    this.log = log;
    this.limits = limits;
  }

  /**
   * Checks the request and takes a slot; the stream itself starts when the handler hands it the
   * connection. A position older than the window is refused with 410 here, before any event.
   */
  ApiResponse open(ApiRequest r) {
    EventLog.Position from = WatchParams.from(r, log.nextIndex(), log.horizon());
    Set<String> topics = WatchParams.topics(r);
    boolean follow = WatchParams.follow(r);
    EventLog.Position horizon = log.horizon();
    if (from.compareTo(horizon) < 0) {
      throw new ApiException(ErrorCode.GONE, "events from " + from.index() + "." + from.pos() + " are no longer held by this manager"
          + " (it keeps the last " + log.capacity() + " events; the oldest index available is " + horizon.resumableIndex()
          + "): re-list the state (GET /v1/jobs, /v1/tasks, /v1/nodes) and stream from its X-Orchestrate-Index + 1");
    }
    if (closed) throw ApiException.unavailable("this manager is stopping; stream from another manager");
    if (slots.incrementAndGet() > limits.maxStreams()) {
      slots.decrementAndGet();
      throw ApiException.unavailable("this manager already serves " + limits.maxStreams() + " event streams; retry later or use another manager");
    }
    EventStream s = new EventStream(log, from, topics, follow, limits, this);
    return ApiResponse.stream(new ApiResponse.Streaming() {
      @Override
      public void start(io.netty.channel.ChannelHandlerContext ctx, java.util.Map<String, String> headers) {
        open.add(s);
        s.start(ctx, headers);
      }

      @Override
      public void abandon() {
        slots.decrementAndGet();
      }
    });
  }

  void closed(EventStream s) {
    if (open.remove(s)) slots.decrementAndGet();
  }

  void droppedSlow() {
    droppedSlow.incrementAndGet();
  }

  /** Streams open now. */
  int openStreams() {
    return slots.get();
  }

  /** Streams closed because their client did not read. */
  long droppedSlowClients() {
    return droppedSlow.get();
  }

  @Override
  public void close() {
    closed = true;
    for (EventStream s : open) s.shutdown();
  }
}
