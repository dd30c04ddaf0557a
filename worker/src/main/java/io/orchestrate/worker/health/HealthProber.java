package io.orchestrate.worker.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every watched copy's health check at its interval and tells the listener when a copy's
 * health changes. The set of watched copies is level-triggered: {@link #sync} gets the whole set
 * each time and starts, keeps or drops probes to match, so the caller never has to remember what
 * it asked for before. The first check of a copy runs one interval after it is first watched;
 * each next one an interval after the previous ended, so a slow check never overlaps the next.
 * A copy found UNHEALTHY is checked no more: the caller restarts it as a new target.
 *
 * <p><b>Threading.</b> {@link #sync} is called by one thread at a time (the reconciler's owner);
 * checks run on the scheduler's threads. The map of probes is concurrent; each probe's counting
 * is guarded by the probe itself; a probe dropped while its check runs discards the result.
 */
public final class HealthProber implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthProber.class);

  private final ProbeScheduler scheduler;
  private final CheckRunner runner;
  private final Map<String, Probe> probes = new ConcurrentHashMap<>();
  private volatile HealthListener listener = (target, health, error) -> {};
  private volatile boolean closed;

  public HealthProber(ProbeScheduler scheduler, CheckRunner runner) {
    this.scheduler = scheduler;
    this.runner = runner;
  }

  /** Who hears of health changes; set once, before the first {@link #sync}. */
  public void listen(HealthListener l) {
    this.listener = l;
  }

  /** Watches exactly these targets (one per task id): new ones start STARTING, changed ones start afresh, missing ones stop. */
  public void sync(Collection<ProbeTarget> targets) {
    if (closed) return;
    Map<String, ProbeTarget> wanted = new HashMap<>();
    for (ProbeTarget t : targets) wanted.put(t.taskId(), t);
    for (Probe p : List.copyOf(probes.values())) {
      if (!p.target.equals(wanted.get(p.target.taskId()))) {
        p.cancel();
        probes.remove(p.target.taskId(), p);
      }
    }
    for (ProbeTarget t : wanted.values()) {
      if (probes.containsKey(t.taskId())) continue;
      Probe p = new Probe(t, new HealthTracker(t.check(), scheduler.clock().millis()));
      probes.put(t.taskId(), p);
      p.scheduleNext();
    }
  }

  /** The health of a watched task's copy, or null when it is not watched. */
  public Health health(String taskId) {
    Probe p = probes.get(taskId);
    if (p == null) return null;
    synchronized (p) {
      return p.tracker.status();
    }
  }

  /** Task ids being watched now. */
  public java.util.Set<String> watched() {
    return java.util.Set.copyOf(probes.keySet());
  }

  @Override
  public void close() {
    closed = true;
    probes.values().forEach(Probe::cancel);
    probes.clear();
    scheduler.close();
  }

  private final class Probe {
    final ProbeTarget target;
    final HealthTracker tracker;
    private volatile boolean cancelled;
    private volatile ProbeScheduler.Cancellable next;

    Probe(ProbeTarget target, HealthTracker tracker) {
      this.target = target;
      this.tracker = tracker;
    }

    void scheduleNext() {
      if (cancelled) return;
      next = scheduler.after(Duration.ofSeconds(target.check().intervalSeconds()), this::check);
      // A cancel that ran between the test above and the assignment would have missed this one.
      if (cancelled) next.cancel();
    }

    void cancel() {
      cancelled = true;
      ProbeScheduler.Cancellable n = next;
      if (n != null) n.cancel();
    }

    private void check() {
      if (cancelled) return;
      CheckResult result;
      try {
        result = runner.run(target);
      } catch (RuntimeException e) {
        result = CheckResult.fail(e.toString());
      }
      if (cancelled) return;
      Health changed;
      String error;
      synchronized (this) {
        changed = tracker.record(result, scheduler.clock().millis());
        error = tracker.lastError();
      }
      if (changed != null) {
        log.info("task {} ({}) is {}{}", target.taskId(), target.handle(), changed.wire(), error == null ? "" : ": " + error);
        try {
          listener.changed(target, changed, error);
        } catch (RuntimeException e) {
          log.error("health listener failed for task {}", target.taskId(), e);
        }
      }
      if (changed != Health.UNHEALTHY) scheduleNext();
    }
  }
}
