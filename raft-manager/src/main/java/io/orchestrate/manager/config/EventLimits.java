package io.orchestrate.manager.config;

import java.time.Duration;

/**
 * Bounds of the event stream ({@code GET /v1/events}) and of blocking reads ({@code ?index=&wait=}).
 *
 * @param windowEvents      events each manager keeps in memory; a client asking for older ones gets 410
 * @param maxStreams        event streams open at once on one manager; one more gets 503
 * @param heartbeat         how often an idle stream gets a comment line, so proxies keep it open
 * @param slowClientTimeout a stream whose client has not taken what was sent (the socket buffer and
 *                          {@link #STREAM_BUFFER_BYTES} full) for this long is closed
 * @param maxWait           the longest {@code wait} a blocking read may ask for
 */
public record EventLimits(int windowEvents, int maxStreams, Duration heartbeat, Duration slowClientTimeout, Duration maxWait) {
  /** Bytes a stream queues for a client before it waits for the client to read: Netty's high water mark. */
  public static final int STREAM_BUFFER_BYTES = 64 * 1024;
  public static final EventLimits DEFAULTS = new EventLimits(16_384, 128, Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(5));

  public EventLimits {
    if (windowEvents < 1) throw new IllegalArgumentException("--events-window (eventsWindow) must be at least 1 event (got " + windowEvents + ")");
    if (maxStreams < 1) throw new IllegalArgumentException("--events-max-streams (eventsMaxStreams) must be at least 1 (got " + maxStreams + ")");
    positive("--events-heartbeat (eventsHeartbeat)", heartbeat);
    positive("--events-slow-client-timeout (eventsSlowClientTimeout)", slowClientTimeout);
    positive("--max-blocking-wait (maxBlockingWait)", maxWait);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be more than zero (got " + d + ")");
  }

  public EventLimits withWindowEvents(int n) {
    return new EventLimits(n, maxStreams, heartbeat, slowClientTimeout, maxWait);
  }

  public EventLimits withMaxStreams(int n) {
    return new EventLimits(windowEvents, n, heartbeat, slowClientTimeout, maxWait);
  }

  public EventLimits withHeartbeat(Duration d) {
    return new EventLimits(windowEvents, maxStreams, d, slowClientTimeout, maxWait);
  }

  public EventLimits withMaxWait(Duration d) {
    return new EventLimits(windowEvents, maxStreams, heartbeat, slowClientTimeout, d);
  }

  public EventLimits withSlowClientTimeout(Duration d) {
    return new EventLimits(windowEvents, maxStreams, heartbeat, d, maxWait);
  }
}
