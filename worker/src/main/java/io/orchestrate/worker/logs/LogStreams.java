package io.orchestrate.worker.logs;

import io.orchestrate.gateway.protocol.LogChunk;
import io.orchestrate.gateway.protocol.LogLimits;
import io.orchestrate.gateway.protocol.LogRequest;
import io.orchestrate.worker.driver.TaskDriver;
import io.orchestrate.worker.store.TaskRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The log streams this worker serves, at most {@link LogLimits#MAX_STREAMS_PER_WORKER} at once,
 * each on a thread of its own (a stream mostly waits: for credit, or for the task to print).
 * Stream ids are the manager's, unique on one connection; every stream ends when the connection
 * it came on closes ({@link #cancelAll}), since its chunks could go nowhere else.
 *
 * <p>Called from the gateway's event loop; never blocks it.
 */
public final class LogStreams implements AutoCloseable {
  /** How often a stream with nothing to send looks again: the delay a followed line may have. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(100);

  private final String nodeId;
  private final TaskDriver driver;
  private final Supplier<Map<String, TaskRecord>> records;
  private final Duration poll;
  private final Map<Long, LogStream> open = new ConcurrentHashMap<>();
  private final ExecutorService threads;
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  public LogStreams(String nodeId, TaskDriver driver, Supplier<Map<String, TaskRecord>> records, Duration poll) {
    this.nodeId = nodeId;
    this.driver = driver;
    this.records = records;
    this.poll = poll;
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "logs-" + nodeId + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts serving {@code r}, or answers at once with the reason it cannot be served. */
  public void open(LogRequest r, java.util.function.Predicate<LogChunk> out) {
    if (open.size() >= LogLimits.MAX_STREAMS_PER_WORKER) {
      out.test(new LogChunk(nodeId, r.streamId(), List.of(), true,
          "node " + nodeId + " already serves " + LogLimits.MAX_STREAMS_PER_WORKER + " log streams; retry later"));
      return;
    }
    LogStream[] self = new LogStream[1];
    LogStream s = new LogStream(nodeId, r, driver, records, chunk -> {
      boolean sent = out.test(chunk);
      if (sent && !chunk.end()) bytes.addAndGet(chunk.cost());
      return sent;
    }, poll, () -> open.remove(r.streamId(), self[0]));
    self[0] = s;
    LogStream old = open.put(r.streamId(), s);
    if (old != null) old.cancel();
    opened.incrementAndGet();
    try {
      threads.execute(s);
    } catch (RejectedExecutionException e) {
      open.remove(r.streamId(), s);
      out.test(new LogChunk(nodeId, r.streamId(), List.of(), true, "node " + nodeId + " is shutting down"));
    }
  }

  public void credit(long streamId, long bytes) {
    LogStream s = open.get(streamId);
    if (s != null) s.credit(bytes);
  }

  public void cancel(long streamId) {
    LogStream s = open.remove(streamId);
    if (s != null) s.cancel();
  }

  /** The connection the streams came on is gone. */
  public void cancelAll() {
    for (Long id : List.copyOf(open.keySet())) cancel(id);
  }

  /** Streams served now. */
  public int active() {
    return open.size();
  }

  /** Streams opened since start. */
  public long opened() {
    return opened.get();
  }

  /** Line bytes sent (by {@link io.orchestrate.gateway.protocol.LogLine#cost}) since start. */
  public long bytesSent() {
    return bytes.get();
  }

  @Override
  public void close() {
    cancelAll();
    threads.shutdown();
    try {
      if (!threads.awaitTermination(5, TimeUnit.SECONDS)) threads.shutdownNow();
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
