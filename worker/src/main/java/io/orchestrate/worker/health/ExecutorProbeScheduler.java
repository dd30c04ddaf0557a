package io.orchestrate.worker.health;

import io.orchestrate.core.util.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs checks on a small pool of daemon threads of its own, never on the reconciler's owner thread
 * or a Netty event loop, because a check blocks for up to its timeout. Each check is bounded by
 * its timeout, so a pool smaller than the number of tasks only delays checks, it cannot stall them.
 */
public final class ExecutorProbeScheduler implements ProbeScheduler {
  public static final int DEFAULT_THREADS = 4;

  private final ScheduledExecutorService executor;
  private final Clock clock;

  public ExecutorProbeScheduler(String nodeId, int threads, Clock clock) {
    if (threads < 1) throw new IllegalArgumentException("health check threads must be at least 1, was " + threads);
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, DaemonThreads.numbered("health-" + nodeId));
    // Cancelled checks of removed tasks must not pile up in the queue until their time comes.
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
    this.clock = clock;
  }

  @Override
  public Cancellable after(Duration delay, Runnable task) {
    ScheduledFuture<?> f;
    try {
      f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return () -> {}; // closed: nothing more is checked
    }
    return () -> f.cancel(false);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
