package io.orchestrate.manager.service;

import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.manager.events.EventLog;
import io.orchestrate.manager.state.StateImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Blocking reads: a future that completes once this replica's state is past a log index, or when
 * the wait is over, whichever comes first (it never fails: the caller then reads what there is).
 * Woken by the event log after every applied entry, so no thread waits per request.
 *
 * <p>Threads: waiters are added by API threads and released by the apply thread or the timer; the
 * map is guarded by this object's monitor, and futures are completed outside it.
 */
public final class IndexWait implements AutoCloseable {
  private final Supplier<StateImage> image;
  private final EventLog log;
  private final Runnable wake = this::release;
  private final java.util.concurrent.ScheduledThreadPoolExecutor timer = timer();
  /** Waiters by the index the state must pass. */
  private final TreeMap<Long, List<CompletableFuture<Void>>> waiting = new TreeMap<>();

  public IndexWait(Supplier<StateImage> image, EventLog log) {
    this.image = image;
    this.log = log;
    log.addListener(wake);
  }

  /** Completes when the state's index is above {@code index}, or after {@code wait}. */
  public CompletableFuture<Void> after(long index, Duration wait) {
    if (image.get().index() > index) return CompletableFuture.completedFuture(null);
    CompletableFuture<Void> f = new CompletableFuture<>();
    synchronized (this) {
      waiting.computeIfAbsent(index, i -> new ArrayList<>()).add(f);
    }
    // Checked again after registering: an entry applied in between woke nobody.
    release();
    if (!f.isDone()) {
      java.util.concurrent.ScheduledFuture<?> t = timer.schedule(() -> {
        synchronized (this) {
          List<CompletableFuture<Void>> l = waiting.get(index);
          if (l != null && l.remove(f) && l.isEmpty()) waiting.remove(index);
        }
        f.complete(null);
      }, wait.toMillis(), TimeUnit.MILLISECONDS);
      f.whenComplete((v, e) -> t.cancel(false));
    }
    return f;
  }

  private static java.util.concurrent.ScheduledThreadPoolExecutor timer() {
    java.util.concurrent.ScheduledThreadPoolExecutor t = new java.util.concurrent.ScheduledThreadPoolExecutor(1, DaemonThreads.numbered("index-wait-timer"));
    // A wait released early leaves no timer behind: thousands of short blocking reads hold no memory.
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** Requests waiting now (for tests and metrics). */
  public synchronized int waiting() {
    int n = 0;
    for (List<CompletableFuture<Void>> l : waiting.values()) n += l.size();
    return n;
  }

  private void release() {
    long now = image.get().index();
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    synchronized (this) {
      Map<Long, List<CompletableFuture<Void>>> passed = waiting.headMap(now, false);
      for (List<CompletableFuture<Void>> l : passed.values()) ready.addAll(l);
      passed.clear();
    }
    if (ready.isEmpty()) return;
    // Not on the caller's thread, which is the apply thread after an entry: what the waiters do
    // next (a read barrier, encoding an answer) must not hold up applying.
    try {
      timer.execute(() -> ready.forEach(f -> f.complete(null)));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      ready.forEach(f -> f.complete(null));
    }
  }

  @Override
  public void close() {
    log.removeListener(wake);
    timer.shutdownNow();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    synchronized (this) {
      for (List<CompletableFuture<Void>> l : waiting.values()) all.addAll(l);
      waiting.clear();
    }
    // Whoever waits gets the state as it is rather than a hung request.
    for (CompletableFuture<Void> f : all) f.complete(null);
  }
}
