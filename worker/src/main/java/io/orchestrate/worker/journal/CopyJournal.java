package io.orchestrate.worker.journal;

import io.orchestrate.core.codec.Json;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.worker.reconcile.ReconcilerListener;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What this worker process started and stopped, copy by copy, with wall-clock times: the
 * worker's own account of where each task ran and when, served read-only as JSON at
 * {@code GET /v1/copies} next to {@code /metrics}. Tests compare these accounts across workers
 * (no task may run on two workers at once) and against the managers' records.
 *
 * <p>In memory, for the life of this worker process: a restarted worker starts a new journal in
 * which the copies it re-adopts are marked {@code adopted}. It keeps at most {@code capacity}
 * copies; past that the oldest are dropped and counted, so a reader can tell a complete journal
 * from a truncated one.
 *
 * <p>Written on the reconciler's owner thread (through {@link ReconcilerListener}), read by the
 * metrics endpoint's thread: every method holds the journal's lock.
 */
public final class CopyJournal implements ReconcilerListener {
  public static final int DEFAULT_CAPACITY = 100_000;

  /** The JSON body of {@code GET /v1/copies}. */
  public record View(String node, long sinceMillis, long dropped, List<CopyRecord> copies) {}

  private final String nodeId;
  private final long sinceMillis;
  private final int capacity;
  /** Keyed by task id and handle, in start order. */
  private final LinkedHashMap<String, CopyRecord> copies = new LinkedHashMap<>();
  private long dropped;

  public CopyJournal(String nodeId, long sinceMillis, int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("copyJournal.capacity must be >= 1, got " + capacity);
    this.nodeId = nodeId;
    this.sinceMillis = sinceMillis;
    this.capacity = capacity;
  }

  @Override
  public synchronized void copyStarted(DesiredTask task, String handle, boolean adopted, long atMillis) {
    copies.put(key(task.taskId(), handle), new CopyRecord(task.taskId(), task.jobId(), task.group(), task.index(), task.generation(),
        handle, adopted, atMillis, null, null, null));
    for (Iterator<CopyRecord> it = copies.values().iterator(); copies.size() > capacity && it.hasNext(); ) {
      it.next();
      it.remove();
      dropped++;
    }
  }

  /** Ends the copy if it is still open here; a second word on an ended copy (stopped after it exited) changes nothing. */
  @Override
  public synchronized void copyEnded(String taskId, String handle, Integer exitCode, String reason, long atMillis) {
    copies.computeIfPresent(key(taskId, handle), (k, c) -> c.running() ? c.ended(atMillis, exitCode, reason) : c);
  }

  public synchronized View view() {
    return new View(nodeId, sinceMillis, dropped, List.copyOf(copies.values()));
  }

  public byte[] json() {
    return Json.bytes(view());
  }

  private static String key(String taskId, String handle) {
    return taskId + "\u0000" + handle;
  }
}
