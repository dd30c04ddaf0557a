package io.orchestrate.worker.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler whose time moves only in {@link #advance}, which runs what fell due on the calling thread, in time order. */
final class ManualProbeScheduler implements ProbeScheduler {
  private record Job(long dueMillis, long seq, Runnable task, boolean[] cancelled) {}

  private final List<Job> jobs = new ArrayList<>();
  private long nowMillis = 1_000_000;
  private long seq;
  boolean closed;

  @Override
  public synchronized Cancellable after(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    jobs.add(new Job(nowMillis + delay.toMillis(), seq++, task, cancelled));
    return () -> {
      synchronized (ManualProbeScheduler.this) {
        cancelled[0] = true;
      }
    };
  }

  /** Moves time forward by {@code d}, running each job when its time comes (jobs it schedules run too if due). */
  void advance(Duration d) {
    long until = nowMillis + d.toMillis();
    for (int guard = 0; guard < 10_000; guard++) {
      Job next;
      synchronized (this) {
        next = jobs.stream().filter(j -> !j.cancelled[0] && j.dueMillis <= until)
            .min(Comparator.comparingLong(Job::dueMillis).thenComparingLong(Job::seq)).orElse(null);
        if (next == null) {
          nowMillis = until;
          jobs.removeIf(j -> j.cancelled[0]);
          return;
        }
        jobs.remove(next);
        nowMillis = next.dueMillis;
      }
      next.task.run();
    }
    throw new IllegalStateException("more than 10000 jobs in one advance");
  }

  synchronized int pending() {
    return (int) jobs.stream().filter(j -> !j.cancelled[0]).count();
  }

  @Override
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        synchronized (ManualProbeScheduler.this) {
          return Instant.ofEpochMilli(nowMillis);
        }
      }
    };
  }

  @Override
  public void close() {
    closed = true;
  }
}
