package io.orchestrate.manager.events;

import io.orchestrate.core.api.EventView;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.manager.store.Mutations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of the last applied entries, held in memory: at most {@code capacity} events, the
 * oldest entries dropped first. A window covers the entries from where it began (this manager's
 * start, a snapshot install) on; it never has a hole. A reader whose position is older than the
 * window learns so ({@link Read#gone}) and never silently skips: its {@link #horizon} is the first
 * position the window can still vouch for.
 *
 * <p>Threads: written by the Ratis state-machine updater thread only (apply, configuration and
 * term notifications, resets), in log order; read by any thread. Every method holds this object's
 * monitor, briefly: a read copies at most {@code max} events out. Listeners are called after each
 * change on the writer's thread and must not block (streams hand the work to their event loop).
 */
public final class EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
  public static final int DEFAULT_CAPACITY = 16_384;

  /** A position in the stream: an entry's index and an event's place in it. */
  public record Position(long index, int pos) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
      int c = Long.compare(index, o.index);
      return c != 0 ? c : Integer.compare(pos, o.pos);
    }

    /** The oldest {@code from=INDEX} a client may still ask for: the first entry start at or after this position. */
    public long resumableIndex() {
      return pos == 0 ? index : index + 1;
    }
  }

  /** What a reader gets: events at or after its position, or {@code gone} when some of them were dropped. */
  public record Read(List<EventView> events, boolean gone, Position horizon, long nextIndex) {}

  private final int capacity;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  /** Entries that yielded events, by index; each list in position order. */
  private final TreeMap<Long, List<EventView>> entries = new TreeMap<>();
  private int size;
  /** Nothing before this position is held, and nothing after it is missing. */
  private Position horizon = new Position(0, 0);
  /** The next entry index expected; every entry below it (and at or after the horizon) is covered. */
  private long nextIndex;
  /** The term of entry {@code nextIndex - 1}: a higher term on the next entry is a new leader's. */
  private long lastTerm;

  public EventLog(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("the event window must hold at least one event (got " + capacity + ")");
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  public void addListener(Runnable r) {
    listeners.add(r);
  }

  public void removeListener(Runnable r) {
    listeners.remove(r);
  }

  /** Forgets every event: the window starts again at {@code next}, whose predecessor had {@code term}. */
  public void reset(long term, long next) {
    synchronized (this) {
      entries.clear();
      size = 0;
      horizon = new Position(next, 0);
      nextIndex = next;
      lastTerm = term;
    }
    notifyListeners();
  }

  /** A command entry applied: its events are derived from the two images and the entry's writes. */
  public void applied(long term, long index, StateImage before, StateImage after, Mutations writes) {
    synchronized (this) {
      if (!expect(term, index)) return;
      List<EventView> events = new ArrayList<>();
      if (term > lastTerm) events.add(EntryEvents.leader(term, index, 0));
      try {
        events.addAll(EntryEvents.of(before, after, writes, index, events.size()));
      } catch (RuntimeException e) {
        // The state applied; only its events are in doubt. Readers must not get a silent gap, so the
        // window starts again after this entry and every reader behind it is told it is gone.
        LOG.error("cannot derive the events of log entry {}; the event window restarts after it", index, e);
        restartAfter(term, index);
        return;
      }
      record(term, index, events);
    }
    notifyListeners();
  }

  /** An entry without a command (a leader's first entry, a configuration): only its term can matter. */
  public void noCommand(long term, long index) {
    synchronized (this) {
      if (!expect(term, index)) return;
      List<EventView> events = new ArrayList<>();
      if (term > lastTerm) events.add(EntryEvents.leader(term, index, 0));
      record(term, index, events);
    }
    notifyListeners();
  }

  /**
   * A configuration entry: the voters from here on. Ratis reports the entry's term and index
   * first ({@link #noCommand}) and then its configuration, so the event joins that entry.
   */
  public void configuration(long term, long index, List<String> voters) {
    synchronized (this) {
      if (index == nextIndex) noCommandLocked(term, index);
      if (index != nextIndex - 1) return;
      List<EventView> events = entries.computeIfAbsent(index, i -> new ArrayList<>());
      events.add(EntryEvents.members(term, index, events.size(), voters));
      size++;
      trim();
    }
    notifyListeners();
  }

  /** An entry already in the state from before a restart, which is not applied again: no events. */
  public void replayed(long term, long index) {
    synchronized (this) {
      if (index < nextIndex) return;
      restartAfter(term, index);
    }
    notifyListeners();
  }

  /** Events at or after {@code from}, at most {@code max}; gone if some of them are no longer held. */
  public synchronized Read read(Position from, int max) {
    if (from.compareTo(horizon) < 0) return new Read(List.of(), true, horizon, nextIndex);
    List<EventView> out = new ArrayList<>();
    for (Map.Entry<Long, List<EventView>> e : entries.tailMap(from.index(), true).entrySet()) {
      for (EventView v : e.getValue()) {
        if (v.index() == from.index() && v.pos() < from.pos()) continue;
        out.add(v);
        if (out.size() >= max) return new Read(out, false, horizon, nextIndex);
      }
    }
    return new Read(out, false, horizon, nextIndex);
  }

  public synchronized Position horizon() {
    return horizon;
  }

  /** The next entry index to come: the window covers every entry before it. */
  public synchronized long nextIndex() {
    return nextIndex;
  }

  public synchronized int size() {
    return size;
  }

  private void noCommandLocked(long term, long index) {
    List<EventView> events = new ArrayList<>();
    if (term > lastTerm) events.add(EntryEvents.leader(term, index, 0));
    record(term, index, events);
  }

  /** True when {@code index} is the next entry; an entry seen before is ignored, a gap restarts the window. */
  private boolean expect(long term, long index) {
    if (index < nextIndex) return false;
    if (index > nextIndex) {
      LOG.warn("event window expected log entry {} and got {}; it restarts at {}", nextIndex, index, index);
      entries.clear();
      size = 0;
      horizon = new Position(index, 0);
      nextIndex = index;
    }
    return true;
  }

  private void restartAfter(long term, long index) {
    entries.clear();
    size = 0;
    horizon = new Position(index + 1, 0);
    nextIndex = index + 1;
    lastTerm = term;
  }

  private void record(long term, long index, List<EventView> events) {
    if (!events.isEmpty()) {
      entries.put(index, events);
      size += events.size();
    }
    nextIndex = index + 1;
    lastTerm = Math.max(lastTerm, term);
    trim();
  }

  /** Drops whole entries, oldest first, until the window holds at most its capacity (the newest entry always stays). */
  private void trim() {
    while (size > capacity && entries.size() > 1) {
      Map.Entry<Long, List<EventView>> oldest = entries.pollFirstEntry();
      size -= oldest.getValue().size();
      // Just past the last event dropped: a reader that had read all of that entry is not behind.
      horizon = new Position(oldest.getKey(), oldest.getValue().size());
    }
  }

  private void notifyListeners() {
    for (Runnable r : listeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // A listener is a stream's wake-up; one that fails (its event loop shutting down) must not
        // reach the apply thread, which would take it for a failed entry.
        LOG.warn("an event listener failed", e);
      }
    }
  }
}
