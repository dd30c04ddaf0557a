package io.orchestrate.worker.logs;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.gateway.protocol.LogChunk;
import io.orchestrate.gateway.protocol.LogLimits;
import io.orchestrate.gateway.protocol.LogLine;
import io.orchestrate.gateway.protocol.LogRequest;
import io.orchestrate.worker.driver.DriverException;
import io.orchestrate.worker.driver.LogQuery;
import io.orchestrate.worker.driver.LogSource;
import io.orchestrate.worker.driver.TaskDriver;
import io.orchestrate.worker.store.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One manager's request for a task's output, served on a thread of its own. It reads from the
 * driver only while it holds credit, and sends what it read at once, so the worker holds at most
 * one chunk of it; what the task prints meanwhile waits in the driver's store (the task's file,
 * the engine's log).
 *
 * <p>Following, it goes on across the task's in-place restarts: when the task's record names a
 * new copy, the new copy is read from just after the last line sent ({@code since} that line's
 * time, {@code skip} the lines already sent at it). It ends once the task has ended for good (or
 * left this node) and every line was sent.
 *
 * <p>Threads: {@link #run} owns the reading state; {@link #credit} and {@link #cancel} come from
 * the gateway's event loop and only touch {@link #credit} and {@link #cancelled} under the lock.
 */
final class LogStream implements Runnable {
  /** The least credit worth a read: one line of the longest (three bytes a character) fits in it. */
  static final long MIN_READ_CREDIT = 3L * LogLimits.MAX_LINE_CHARS + 64;

  interface Sender {
    /** Sends a chunk on the connection the request came on; false when that connection is gone. */
    boolean send(LogChunk chunk);
  }

  private final String nodeId;
  private final LogRequest request;
  private final TaskDriver driver;
  private final Supplier<Map<String, TaskRecord>> records;
  private final Sender out;
  private final Duration poll;
  private final Runnable onEnd;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private long credit;
  private boolean cancelled;
  private long bytesSent;

  LogStream(String nodeId, LogRequest request, TaskDriver driver, Supplier<Map<String, TaskRecord>> records, Sender out, Duration poll,
      Runnable onEnd) {
    this.nodeId = nodeId;
    this.request = request;
    this.driver = driver;
    this.records = records;
    this.out = out;
    this.poll = poll;
    this.onEnd = onEnd;
    this.credit = request.credit();
  }

  long streamId() {
    return request.streamId();
  }

  void credit(long bytes) {
    lock.lock();
    try {
      credit += bytes;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void cancel() {
    lock.lock();
    try {
      cancelled = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Credit held now; for tests of the bound. */
  long creditLeft() {
    lock.lock();
    try {
      return credit;
    } finally {
      lock.unlock();
    }
  }

  long bytesSent() {
    return bytesSent;
  }

  @Override
  public void run() {
    try {
      String error = serve();
      if (!isCancelled()) out.send(new LogChunk(nodeId, request.streamId(), List.of(), true, error));
    } catch (RuntimeException e) {
      if (!isCancelled()) out.send(new LogChunk(nodeId, request.streamId(), List.of(), true, "reading the output failed: " + e));
    } finally {
      onEnd.run();
    }
  }

  /** Sends the output until it ends; returns why it could not be served, or null. */
  private String serve() {
    String taskId = request.taskId();
    LogQuery query = LogQuery.of(request);
    TaskRecord first = records.get().get(taskId);
    LogSource source = null;
    String handle = null;
    Instant last = null;
    int atLast = 0;
    // Set when the task was seen ended (or moved to a new copy): one more empty read means all of it was sent.
    boolean drainThenEnd = false;
    boolean drainThenSwitch = false;
    try {
      if (first == null && query.follow()) return "task " + taskId + " is not on node " + nodeId;
      while (!isCancelled()) {
        if (source == null) {
          TaskRecord r = records.get().get(taskId);
          handle = r == null ? null : r.handle();
          if (handle == null && (r == null || ended(r)) && !query.follow()) {
            // Gone from this node (or never started): what the driver still keeps of it, if anything.
            try {
              source = driver.logs(taskId, null, query.resumeAfter(last, atLast));
            } catch (DriverException e) {
              return first == null ? "task " + taskId + " is not on node " + nodeId + " and none of its output is kept here" : null;
            }
          } else if (handle == null) {
            if (r == null || ended(r)) return null;
            if (!await(poll)) return null;
            continue;
          } else {
            try {
              source = driver.logs(taskId, handle, query.resumeAfter(last, atLast));
            } catch (DriverException e) {
              if (!query.follow()) return e.getMessage();
              // The copy may be going away as a restart replaces it: look again shortly.
              if (!await(poll)) return null;
              continue;
            }
          }
          drainThenSwitch = false;
        }
        if (!awaitCredit()) return null;
        List<LogLine> lines;
        try {
          lines = source.read(Math.min(creditNow(), LogLimits.MAX_CHUNK_BYTES));
        } catch (DriverException e) {
          if (!query.follow()) return e.getMessage();
          source.close();
          source = null;
          if (!await(poll)) return null;
          continue;
        }
        if (!lines.isEmpty()) {
          for (int from = 0; from < lines.size(); from += LogLimits.MAX_CHUNK_LINES) {
            List<LogLine> part = lines.subList(from, Math.min(lines.size(), from + LogLimits.MAX_CHUNK_LINES));
            LogChunk chunk = new LogChunk(nodeId, request.streamId(), List.copyOf(part), false, null);
            spend(chunk.cost());
            if (!out.send(chunk)) return null;
            bytesSent += chunk.cost();
          }
          for (LogLine l : lines) {
            Instant ts = l.instant();
            if (ts.equals(last)) {
              atLast++;
            } else {
              last = ts;
              atLast = 1;
            }
          }
          continue;
        }
        // Nothing to read right now.
        if (!query.follow()) {
          if (source.finished()) return null;
          if (!await(poll)) return null;
          continue;
        }
        if (drainThenEnd) return null;
        if (drainThenSwitch || source.finished()) {
          source.close();
          source = null;
          if (drainThenSwitch) continue;
          if (!await(poll)) return null;
          continue;
        }
        TaskRecord r = records.get().get(taskId);
        if (r == null || ended(r)) {
          drainThenEnd = true;
          continue;
        }
        if (r.handle() != null && !r.handle().equals(handle)) {
          drainThenSwitch = true;
          continue;
        }
        if (!await(poll)) return null;
      }
      return null;
    } finally {
      if (source != null) source.close();
    }
  }

  private static boolean ended(TaskRecord r) {
    TaskState s = r.state();
    return s == TaskState.COMPLETED || s == TaskState.FAILED || s == TaskState.STOPPED || s == TaskState.LOST;
  }

  private boolean isCancelled() {
    lock.lock();
    try {
      return cancelled;
    } finally {
      lock.unlock();
    }
  }

  private long creditNow() {
    lock.lock();
    try {
      return credit;
    } finally {
      lock.unlock();
    }
  }

  private void spend(long bytes) {
    lock.lock();
    try {
      credit -= bytes;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until there is credit for a read or the stream is cancelled; false if cancelled. No bound in time: a client that does not read holds its stream. */
  private boolean awaitCredit() {
    lock.lock();
    try {
      while (!cancelled && credit < Math.min(MIN_READ_CREDIT, request.credit())) {
        wake.await(poll.toMillis() * 10, TimeUnit.MILLISECONDS);
      }
      return !cancelled;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Waits {@code d} (less if cancelled meanwhile); false if cancelled. */
  private boolean await(Duration d) {
    lock.lock();
    try {
      if (!cancelled) wake.await(d.toMillis(), TimeUnit.MILLISECONDS);
      return !cancelled;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }
}
