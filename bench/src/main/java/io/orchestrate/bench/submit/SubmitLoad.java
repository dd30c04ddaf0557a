package io.orchestrate.bench.submit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Closed-loop load: {@code clients} lanes, each sending its next submission as soon as the previous
 * one is answered, so exactly {@code clients} submissions are in flight. Every submission is a
 * small job with a unique name and a unique idempotency key. A lane that got an error waits
 * {@link #ERROR_PAUSE} before its next request so that a down manager is not hammered in a tight loop.
 *
 * <p>Lanes run on the transport's I/O threads; {@link #start}, {@link #stopSending} and
 * {@link #awaitIdle} are called by the driver thread.
 */
public final class SubmitLoad {
  static final Duration ERROR_PAUSE = Duration.ofMillis(10);

  private final SubmitTransport transport;
  private final SubmitStats stats;
  /** Further windows every result is also offered to (the cold start's); each counts what falls inside it. */
  private final java.util.List<SubmitStats> alsoTo;
  private final int clients;
  private final long maxMeasured;
  private final LongSupplier nanoClock;
  private final String runId;
  private final Executor afterError = CompletableFuture.delayedExecutor(ERROR_PAUSE.toMillis(), TimeUnit.MILLISECONDS);

  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong measuredSent = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CountDownLatch idle = new CountDownLatch(1);
  private volatile boolean sending = true;
  /** Counted down when the last allowed measured request has been answered. */
  private final CountDownLatch budgetSpent = new CountDownLatch(1);

  /**
   * @param maxMeasured most requests sent inside the measured window (warm-up requests are not counted)
   * @param runId       makes names and keys unique across runs against one cluster
   */
  public SubmitLoad(SubmitTransport transport, SubmitStats stats, int clients, long maxMeasured, LongSupplier nanoClock, String runId) {
    this(transport, stats, java.util.List.of(), clients, maxMeasured, nanoClock, runId);
  }

  /** As above, every result also counted in {@code alsoTo}'s windows. */
  public SubmitLoad(SubmitTransport transport, SubmitStats stats, java.util.List<SubmitStats> alsoTo, int clients, long maxMeasured,
      LongSupplier nanoClock, String runId) {
    this.transport = transport;
    this.stats = stats;
    this.alsoTo = java.util.List.copyOf(alsoTo);
    this.clients = clients;
    this.maxMeasured = maxMeasured;
    this.nanoClock = nanoClock;
    this.runId = runId;
  }

  public void start() {
    for (int lane = 0; lane < clients; lane++) next(lane);
  }

  /** No lane sends again; requests in flight still finish. */
  public void stopSending() {
    sending = false;
    if (inFlight.get() == 0) idle.countDown();
  }

  /** Waits until no request is in flight, at most {@code max}. */
  public boolean awaitIdle(Duration max) throws InterruptedException {
    return idle.await(max.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waits until --max-requests measured requests were answered, at most {@code max}; false when time ran out first. */
  public boolean awaitBudget(Duration max) throws InterruptedException {
    return budgetSpent.await(max.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void next(int lane) {
    if (!sending) return;
    long now = nanoClock.getAsLong();
    boolean measured = now - stats.measureFrom() >= 0;
    long measuredNumber = measured ? measuredSent.incrementAndGet() : 0;
    if (measuredNumber > maxMeasured) return;
    boolean last = measuredNumber == maxMeasured;
    long n = sequence.incrementAndGet();
    inFlight.incrementAndGet();
    CompletableFuture<Answer> f;
    try {
      f = transport.submit(lane, body(runId, n), runId + "-" + n);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((answer, error) -> {
      long done = nanoClock.getAsLong();
      boolean ok = error == null && answer.committed();
      String kind = ok ? null : error != null ? ErrorKinds.of(error) : ErrorKinds.of(answer);
      if (ok) stats.committed(now, done);
      else stats.failed(kind, done);
      for (SubmitStats w : alsoTo) {
        if (ok) w.committed(now, done);
        else w.failed(kind, done);
      }
      if (last) budgetSpent.countDown();
      if (inFlight.decrementAndGet() == 0 && !sending) idle.countDown();
      if (ok) next(lane);
      else CompletableFuture.runAsync(() -> next(lane), afterError);
    });
  }

  /** A one-task job, as small as a valid job gets; the name is unique per run and sequence number. */
  public static byte[] body(String runId, long n) {
    return ("{\"name\":\"b-" + runId + "-" + n + "\",\"tasks\":[{\"name\":\"t\",\"image\":\"local/busybox:1\","
        + "\"command\":[\"true\"],\"count\":1,\"resources\":{\"cpu\":0.1,\"memoryMb\":16}}]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
