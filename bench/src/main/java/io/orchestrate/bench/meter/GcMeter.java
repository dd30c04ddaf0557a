package io.orchestrate.bench.meter;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collections this JVM reports while the meter is open, as the collector beans announce them
 * (one notification per collection, with its duration). With the managers in-process their young
 * pauses stop every request in flight, so the summary can say how much of the latency tail the
 * collector explains.
 *
 * <p>Notifications arrive on a JMX thread; {@link #mark} and {@link #summary} are called by the
 * driver thread. Concurrent collector phases are not pauses and are reported by JDK 17's G1 under
 * no bean; for collectors that report whole cycles (ZGC) the figures are cycle times, not pauses.
 */
public final class GcMeter implements AutoCloseable {
  /**
   * @param collections collections completed since the mark
   * @param totalMs     their summed durations
   * @param longestMs   the longest one
   */
  public record Summary(long collections, long totalMs, long longestMs) {}

  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;
  private long collections;
  private long totalMs;
  private long longestMs;

  private GcMeter() {}

  /** Starts listening to every collector bean of this JVM that emits notifications. */
  public static GcMeter start() {
    GcMeter m = new GcMeter();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(m.listener, null, null);
        m.emitters.add(e);
      }
    }
    return m;
  }

  private void onNotification(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
    long ms = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getDuration();
    record(ms);
  }

  synchronized void record(long durationMs) {
    collections++;
    totalMs += durationMs;
    longestMs = Math.max(longestMs, durationMs);
  }

  /** Forgets what was counted so far: the summary covers what follows. */
  public synchronized void mark() {
    collections = 0;
    totalMs = 0;
    longestMs = 0;
  }

  public synchronized Summary summary() {
    return new Summary(collections, totalMs, longestMs);
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // Already gone: nothing left to stop.
      }
    }
    emitters.clear();
  }
}
