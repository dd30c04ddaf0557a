package io.orchestrate.worker.reconcile;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.util.DaemonThreads;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.RunningTask;
import io.orchestrate.gateway.protocol.TaskUpdate;
import io.orchestrate.worker.driver.DriverException;
import io.orchestrate.worker.driver.DriverTask;
import io.orchestrate.worker.driver.TaskDriver;
import io.orchestrate.worker.driver.TaskLaunch;
import io.orchestrate.worker.driver.TaskStatus;
import io.orchestrate.worker.health.DriverCheckRunner;
import io.orchestrate.worker.health.ExecutorProbeScheduler;
import io.orchestrate.worker.health.Health;
import io.orchestrate.worker.health.HealthProber;
import io.orchestrate.worker.health.ProbeTarget;
import io.orchestrate.worker.store.TaskRecord;
import io.orchestrate.worker.store.WorkerStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes what runs on this node match what the leader wants, level-triggered: a {@link Desired}
 * is the whole truth and is diffed against what runs. A desired task is (taskId, generation): a copy of an older generation is
 * stopped and replaced, a copy of the same generation is left alone (even when it has ended, so a
 * repeated Desired never reruns a completed task).
 *
 * <p>It also applies restart policies: a monitor inspects running copies every
 * {@link ReconcilerSettings#monitorInterval()}, restarts them in place after the policy's delay,
 * and reports COMPLETED or FAILED when the policy says so.
 *
 * <p>Health checks: after every event the running copies of tasks with a health check are handed
 * to the {@link HealthProber}, which checks them on its own threads. A copy found unhealthy is
 * stopped and goes through the restart policy exactly as if it had exited ("unhealthy: <why>");
 * a change of health alone is reported too.
 *
 * <p><b>Threading.</b> All state ({@link #tasks}, the batcher) is owned by the single thread of
 * {@code owner}: every public method only enqueues work there, never on a Netty event loop. When
 * one event starts many copies, the owner hands the driver calls to up to
 * {@link ReconcilerSettings#driverConcurrency()} helper threads and waits for all of them before
 * it touches any state: the engine creates and starts containers in parallel, and one at a time a
 * Desired of 20 new tasks took 20 sequential container starts. Stops do not hold the owner: a copy
 * that ignores SIGTERM takes the whole grace period (10 s by default), and a stop waited for here
 * would hold back the next desired set, so two jobs stopped back to back took two grace periods
 * to stop the second one's copies. They run on up to as many stop threads and report back to the
 * owner when done. The helpers get
 * only immutable inputs (launch specs, handles) and give back outcomes. Other threads read {@link #records()}, an immutable snapshot published after
 * each event. Stopping the worker never stops tasks: {@link #close()} only stops the monitor.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  private final String nodeId;
  private final TaskDriver driver;
  private final WorkerStore store;
  private final ScheduledExecutorService owner;
  private final Clock clock;
  private final ReconcilerSettings settings;
  private final ReconcilerListener listener;
  private final StatusBatcher batcher;
  /** Runs driver calls of one event in parallel; idle threads time out. */
  private final ThreadPoolExecutor driverCalls;

  /** Runs stops, off the owner thread, so that a copy slow to stop delays nothing else. */
  private final ThreadPoolExecutor stopCalls;

  private final Map<String, LocalTask> tasks = new LinkedHashMap<>();
  /**
   * Tasks that left this node for good, by the time they left (this reconciler's clock): the output
   * the driver keeps of each is deleted once {@link ReconcilerSettings#outputRetention()} has passed,
   * unless the task comes back meanwhile.
   */
  private final Map<String, Long> leftAt = new LinkedHashMap<>();
  /** The last desired set, by task id; null until the first one arrives (nothing is stopped before it). */
  private Map<String, DesiredTask> wanted;
  private ScheduledFuture<?> monitor;
  private volatile Map<String, TaskRecord> published = Map.of();
  private volatile Map<String, String> publishedHealth = Map.of();
  /** Set by the constructor that takes one, else made by {@link #start()}; its listener hands changes to the owner thread. */
  private volatile HealthProber prober;

  public Reconciler(String nodeId, TaskDriver driver, WorkerStore store, StatusSink sink, ScheduledExecutorService owner,
      Clock clock, ReconcilerSettings settings, ReconcilerListener listener) {
    this.nodeId = nodeId;
    this.driver = driver;
    this.store = store;
    this.owner = owner;
    this.clock = clock;
    this.settings = settings;
    this.listener = listener == null ? ReconcilerListener.NONE : listener;
    this.batcher = new StatusBatcher(nodeId, owner, settings.statusBatchWindow(), sink);
    this.driverCalls = new ThreadPoolExecutor(settings.driverConcurrency(), settings.driverConcurrency(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), DaemonThreads.numbered("driver-" + nodeId));
    driverCalls.allowCoreThreadTimeOut(true);
    this.stopCalls = new ThreadPoolExecutor(settings.driverConcurrency(), settings.driverConcurrency(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), DaemonThreads.numbered("stop-" + nodeId));
    stopCalls.allowCoreThreadTimeOut(true);
  }

  /** A reconciler whose tasks' health checks run on {@code prober}, which it closes when it closes. */
  public Reconciler(String nodeId, TaskDriver driver, WorkerStore store, StatusSink sink, ScheduledExecutorService owner,
      Clock clock, ReconcilerSettings settings, ReconcilerListener listener, HealthProber prober) {
    this(nodeId, driver, store, sink, owner, clock, settings, listener);
    this.prober = prober;
  }

  /** Re-adopts what the previous run left running, then starts the monitor. Completes once adopted. */
  public CompletableFuture<Void> start() {
    CompletableFuture<Void> adopted = new CompletableFuture<>();
    owner.execute(() -> {
      try {
        if (prober == null) {
          prober = new HealthProber(new ExecutorProbeScheduler(nodeId, ExecutorProbeScheduler.DEFAULT_THREADS, clock),
              new DriverCheckRunner(driver));
        }
        prober.listen((target, health, error) -> owner.execute(() -> event("health", () -> onHealth(target, health, error))));
        adopt();
        publish();
        long every = settings.monitorInterval().toNanos();
        monitor = owner.scheduleWithFixedDelay(() -> event("monitor", this::monitorTick), every, every, TimeUnit.NANOSECONDS);
        adopted.complete(null);
      } catch (RuntimeException | DriverException e) {
        adopted.completeExceptionally(e);
      }
    });
    return adopted;
  }

  /** Replaces the node's desired set: from now on the reconciler converges on this one. */
  public void desired(Desired d) {
    owner.execute(() -> event("desired", () -> {
      if (!nodeId.equals(d.nodeId())) {
        log.warn("ignoring a desired set for node {} sent to node {}", d.nodeId(), nodeId);
        return;
      }
      Map<String, DesiredTask> next = new LinkedHashMap<>();
      for (DesiredTask t : d.tasks()) next.put(t.taskId(), t);
      wanted = next;
      converge(true);
      // Everything this Desired changed is batched already; waiting out the window would only delay it.
      batcher.flush();
    }));
  }

  /** Every task this node holds, as of the last event; safe from any thread. */
  public Map<String, TaskRecord> records() {
    return published;
  }

  /** The tasks for a Register message. */
  public List<RunningTask> runningTasks() {
    List<RunningTask> out = new ArrayList<>();
    Map<String, String> health = publishedHealth;
    for (TaskRecord r : published.values()) {
      out.add(new RunningTask(r.taskId(), r.generation(), r.state(), r.handle(), r.restarts(), r.exitCode(), health.get(r.taskId())));
    }
    return out;
  }

  /** Tasks whose copy runs (or waits out a restart delay). */
  public int tasksRunning() {
    int n = 0;
    for (TaskRecord r : published.values()) if (r.state() == TaskState.RUNNING) n++;
    return n;
  }

  /** Stops the monitor and sends any batched updates; running tasks are left running. */
  @Override
  public void close() {
    driverCalls.shutdown();
    stopCalls.shutdown();
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      owner.execute(() -> {
        if (monitor != null) monitor.cancel(false);
        tasks.values().forEach(t -> {
          if (t.pendingRestart != null) t.pendingRestart.cancel(false);
        });
        batcher.flush();
        done.complete(null);
      });
      done.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("reconciler did not close cleanly: {}", e.toString());
    }
    HealthProber p = prober;
    if (p != null) p.close();
  }

  /** Health of each task with a check, as of the last event ("starting", "healthy", "unhealthy"); safe from any thread. */
  public Map<String, String> health() {
    return publishedHealth;
  }

  // ---- owner thread below ----

  private interface Step {
    void run() throws DriverException;
  }

  /** Runs one event; an error is logged, not thrown, because a throwing periodic task is never run again. */
  private void event(String what, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      log.error("reconciler {} failed", what, e);
    } finally {
      publish();
    }
  }

  private void publish() {
    Map<String, TaskRecord> m = new LinkedHashMap<>();
    Map<String, String> h = new LinkedHashMap<>();
    List<ProbeTarget> probe = new ArrayList<>();
    tasks.forEach((id, t) -> {
      m.put(id, t.record());
      if (t.health() != null) h.put(id, t.health());
      if (t.spec.health() != null && t.state == TaskState.RUNNING && t.handle != null && t.pendingRestart == null && t.discardReason == null) {
        probe.add(new ProbeTarget(id, t.generation(), t.handle, t.spec.health()));
      }
    });
    published = java.util.Collections.unmodifiableMap(m);
    publishedHealth = java.util.Collections.unmodifiableMap(h);
    if (prober != null) prober.sync(probe);
  }

  private void adopt() throws DriverException {
    Map<String, TaskRecord> known = store.tasks();
    Set<String> adoptedHandles = new HashSet<>();
    for (DriverTask found : driver.list()) {
      TaskRecord r = known.get(found.taskId());
      if (r != null && found.handle().equals(r.handle())) {
        tasks.put(r.taskId(), LocalTask.of(r));
        adoptedHandles.add(found.handle());
        if (r.state() == TaskState.RUNNING) listener.copyStarted(r.spec(), r.handle(), true, clock.millis());
        log.info("adopted task {} generation {} ({})", r.taskId(), r.generation(), found.handle());
      } else {
        // Started by an earlier run that crashed before recording it, or by a run whose store is gone:
        // nobody will ever manage it, and a Desired will start a recorded copy if it is wanted.
        log.warn("removing unrecorded copy {} of task {}", found.handle(), found.taskId());
        removeQuietly(found.handle());
      }
    }
    // Output of tasks that left before the restart: when they left is lost with the old run, so the
    // retention counts from now (it is kept longer rather than deleted early).
    try {
      long now = clock.millis();
      for (String id : driver.keptOutputs()) if (!known.containsKey(id)) leftAt.put(id, now);
    } catch (DriverException e) {
      log.warn("cannot list the task output the driver keeps: {}", why(e));
    }
    for (TaskRecord r : known.values()) {
      if (tasks.containsKey(r.taskId())) continue;
      if (r.state() == TaskState.RUNNING) {
        // Its copy is gone (the process driver cannot outlive the worker); forget it so that the
        // next Desired starts it as missing.
        store.deleteTask(r.taskId());
        log.info("task {} lost its copy {} while the worker was down", r.taskId(), r.handle() == null ? "(never started)" : r.handle());
      } else {
        // An ended task stays recorded, so a repeated Desired does not run it again.
        LocalTask t = LocalTask.of(r);
        if (t.handle != null && !adoptedHandles.contains(t.handle)) t.handle = null;
        tasks.put(r.taskId(), t);
      }
    }
  }

  /**
   * One pass of level-triggered convergence on the last desired set: starts every wanted task
   * not held here, and begins stopping every copy that is not wanted (or is of an older
   * generation than wanted, or failed to stop before). Stops run on their own threads and end in
   * {@link #stopped}, which converges again: so a stop waiting out its grace period never holds
   * back the next desired set, and the new generation of a replaced task starts the moment its
   * old copy is gone. Called on every desired set, every finished stop and every monitor tick.
   *
   * @param logStale whether to log a desired generation older than the one held (only for a new set, not every tick)
   */
  private void converge(boolean logStale) {
    if (wanted == null) return;
    List<LocalTask> fresh = new ArrayList<>();
    Map<LocalTask, String> unwanted = new LinkedHashMap<>(); // identity: LocalTask keeps Object's equals
    for (DesiredTask want : wanted.values()) {
      LocalTask have = tasks.get(want.taskId());
      if (have == null) {
        leftAt.remove(want.taskId());
        LocalTask t = new LocalTask(want);
        tasks.put(want.taskId(), t);
        fresh.add(t);
      } else if (have.stopping || have.generation() == want.generation()) {
        // Held as wanted, or its old copy is on its way out and the next pass starts this one.
      } else if (have.generation() > want.generation()) {
        if (logStale) log.warn("task {}: keeping generation {}, ignoring older generation {}", want.taskId(), have.generation(), want.generation());
      } else {
        unwanted.put(have, "replaced by generation " + want.generation());
      }
    }
    for (LocalTask have : tasks.values()) {
      if (have.stopping) continue;
      if (!wanted.containsKey(have.id())) {
        unwanted.put(have, "no longer desired on this node");
      } else if (have.discardReason != null) {
        unwanted.putIfAbsent(have, have.discardReason); // an earlier stop failed: try again
      }
    }
    launchAll(fresh);
    fresh.forEach(t -> listener.taskStarted(t.id()));
    unwanted.forEach(this::stop);
  }

  /**
   * Starts each task's current copy, in parallel, then records and reports every outcome in the
   * order given; a success keeps the reason set before.
   */
  private void launchAll(List<LocalTask> ts) {
    List<DriverCall<String>> calls = new ArrayList<>(ts.size());
    for (LocalTask t : ts) {
      DesiredTask s = t.spec;
      String name = containerName(s, t.restarts);
      calls.add(() -> driver.start(new TaskLaunch(s.taskId(), s.jobId(), nodeId, s.image(), s.command(), s.env(), s.resources(), name,
          s.network(), s.user(), s.secrets())));
    }
    long asked = clock.millis();
    List<Outcome<String>> outcomes = concurrently(calls);
    for (int i = 0; i < ts.size(); i++) {
      LocalTask t = ts.get(i);
      Outcome<String> o = outcomes.get(i);
      if (o.error() == null) {
        t.handle = o.value();
        t.state = TaskState.RUNNING;
        listener.copyStarted(t.spec, t.handle, false, asked);
      } else {
        t.handle = null;
        t.state = TaskState.FAILED;
        t.reason = "could not start: " + o.error().getMessage();
      }
      save(t);
      report(t);
    }
  }

  /** A blocking driver call made on a helper thread; it must touch no reconciler state. */
  private interface DriverCall<T> {
    T call() throws DriverException;
  }

  /** A driver call's result, or what it threw. */
  private record Outcome<T>(T value, Exception error) {}

  /**
   * Runs the calls on the helper threads (a single call on this thread) and returns their
   * outcomes in order, once all have finished. It waits through an interrupt, because a call
   * already made (a container being created) must be recorded, and re-asserts it after.
   */
  private <T> List<Outcome<T>> concurrently(List<DriverCall<T>> calls) {
    if (calls.size() == 1) return List.of(attempt(calls.get(0)));
    List<Future<Outcome<T>>> futures = new ArrayList<>(calls.size());
    for (DriverCall<T> c : calls) futures.add(driverCalls.submit(() -> attempt(c)));
    List<Outcome<T>> outcomes = new ArrayList<>(calls.size());
    boolean interrupted = false;
    for (Future<Outcome<T>> f : futures) {
      while (true) {
        try {
          outcomes.add(f.get());
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          outcomes.add(new Outcome<>(null, e.getCause() instanceof Exception x ? x : e));
          break;
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    return outcomes;
  }

  private static <T> Outcome<T> attempt(DriverCall<T> call) {
    try {
      return new Outcome<>(call.call(), null);
    } catch (DriverException | RuntimeException e) {
      return new Outcome<>(null, e);
    }
  }

  /** Container names are unique per engine: node, task, generation and restart tell copies apart. */
  private String containerName(DesiredTask s, int restarts) {
    String raw = "orch-" + nodeId + "-" + s.taskId() + "-g" + s.generation() + "-r" + restarts;
    return raw.replaceAll("[^a-zA-Z0-9_.-]", "_");
  }

  /**
   * Begins stopping and removing a task's copy on a stop thread; {@link #stopped} finishes on the
   * owner thread. The task stays held (and RUNNING to the managers) until its copy is gone.
   */
  private void stop(LocalTask t, String why) {
    if (t.pendingRestart != null) {
      t.pendingRestart.cancel(false);
      t.pendingRestart = null;
    }
    t.stopping = true;
    t.discardReason = why;
    String handle = t.handle;
    if (handle == null) {
      stopped(t, null, null);
      return;
    }
    Duration grace = settings.stopGrace();
    try {
      stopCalls.execute(() -> {
        Exception error = null;
        try {
          driver.stop(handle, grace);
          driver.remove(handle);
        } catch (DriverException | RuntimeException e) {
          error = e;
        }
        Exception failure = error;
        try {
          owner.execute(() -> event("stopped", () -> stopped(t, handle, failure)));
        } catch (RejectedExecutionException e) {
          // The reconciler closed meanwhile; the next run adopts or removes whatever is left.
        }
      });
    } catch (RejectedExecutionException e) {
      t.stopping = false; // closing: leave it to the next run
    }
  }

  /** A stop finished: forget the task, or keep it for a retry if its copy would not stop, and converge again. */
  private void stopped(LocalTask t, String handle, Exception error) {
    t.stopping = false;
    if (tasks.get(t.id()) != t) return;
    if (error != null) {
      log.warn("task {}: could not stop {} ({}); will retry", t.id(), handle, why(error));
      return;
    }
    if (handle != null) listener.copyEnded(t.id(), handle, null, "stopped: " + t.discardReason, clock.millis());
    forget(t, t.discardReason);
    converge(false);
  }

  private void forget(LocalTask t, String why) {
    tasks.remove(t.id());
    store.deleteTask(t.id());
    // A copy replaced by a newer generation of the same task keeps writing the same output.
    if (wanted == null || !wanted.containsKey(t.id())) leftAt.put(t.id(), clock.millis());
    if (t.state == TaskState.RUNNING) {
      t.state = TaskState.STOPPED;
      t.reason = why;
      report(t);
    }
  }

  private void monitorTick() {
    converge(false);
    discardExpiredOutput();
    Set<String> listedRunning = null;
    for (LocalTask t : List.copyOf(tasks.values())) {
      if (t.stopping || t.discardReason != null) continue;
      if (t.state != TaskState.RUNNING || t.handle == null || t.pendingRestart != null) continue;
      if (listedRunning == null) listedRunning = listedRunning();
      if (listedRunning.contains(t.handle)) continue;
      TaskStatus s;
      try {
        s = driver.inspect(t.handle);
      } catch (DriverException e) {
        log.warn("task {}: inspect of {} failed: {}", t.id(), t.handle, why(e));
        continue;
      }
      if (s.isRunning()) continue;
      onExit(t, s.exitCode(), s.phase() == TaskStatus.Phase.MISSING ? "its copy " + t.handle + " disappeared" : s.reason());
    }
  }

  /** Deletes the kept output of each task that left longer than the retention ago and has not come back. */
  private void discardExpiredOutput() {
    if (leftAt.isEmpty()) return;
    long before = clock.millis() - settings.outputRetention().toMillis();
    for (var it = leftAt.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (tasks.containsKey(e.getKey())) {
        it.remove();
        continue;
      }
      if (e.getValue() > before) continue;
      it.remove();
      try {
        driver.discardOutput(e.getKey());
        log.info("deleted the kept output of task {}, gone from this node for {}", e.getKey(), settings.outputRetention());
      } catch (DriverException | RuntimeException x) {
        log.warn("task {}: {}", e.getKey(), why(x));
      }
    }
  }

  /**
   * Handles the driver lists as running: one engine call per tick instead of one inspect per
   * task, which at hundreds of tasks would hold the owner thread (and so the next Desired) for
   * seconds. Only the others are inspected. Empty when listing fails, so that all are inspected.
   */
  private Set<String> listedRunning() {
    try {
      Set<String> handles = new HashSet<>();
      for (DriverTask d : driver.list()) if (d.phase() == TaskStatus.Phase.RUNNING) handles.add(d.handle());
      return handles;
    } catch (DriverException | RuntimeException e) {
      log.warn("listing this node's tasks failed, inspecting each: {}", why(e));
      return Set.of();
    }
  }

  private void onExit(LocalTask t, Integer exitCode, String driverReason) {
    RestartRules.Decision d = RestartRules.onExit(t.spec.restart(), t.restarts, exitCode, driverReason);
    t.exitCode = exitCode;
    listener.copyEnded(t.id(), t.handle, exitCode, RestartRules.describe(exitCode, driverReason), clock.millis());
    switch (d.outcome()) {
      case RESTART -> {
        long delay = t.spec.restart().delaySeconds();
        t.reason = d.reason();
        t.pendingRestart = owner.schedule(() -> event("restart", () -> restart(t)), delay, TimeUnit.SECONDS);
        save(t);
      }
      case COMPLETED -> {
        t.state = TaskState.COMPLETED;
        t.reason = d.reason();
        save(t);
        report(t);
      }
      case FAILED -> {
        t.state = TaskState.FAILED;
        t.reason = withLogTail(d.reason(), t.handle);
        save(t);
        report(t);
      }
    }
  }

  /**
   * A prober's word on a copy. It counts only for the copy running now (not one replaced or
   * already ended meanwhile). Unhealthy: the copy is stopped and the restart policy decides, as for
   * an exit without a code, so it counts a restart or fails the task.
   */
  private void onHealth(ProbeTarget target, Health health, String error) {
    LocalTask t = tasks.get(target.taskId());
    if (t == null || t.generation() != target.generation() || !target.handle().equals(t.handle) || t.state != TaskState.RUNNING
        || t.pendingRestart != null || t.stopping || t.discardReason != null) {
      return;
    }
    t.health = health;
    t.healthOf = target.handle();
    if (health != Health.UNHEALTHY) {
      report(t);
      return;
    }
    log.warn("task {}: copy {} is unhealthy ({}); stopping it", t.id(), t.handle, error == null ? "its check failed" : error);
    try {
      driver.stop(t.handle, settings.stopGrace());
    } catch (DriverException e) {
      log.warn("task {}: could not stop unhealthy copy {}: {}", t.id(), t.handle, why(e));
    }
    onExit(t, null, "unhealthy: " + error);
    // While a restart waits out its delay the task is still RUNNING; the managers should see why.
    if (t.state == TaskState.RUNNING) report(t);
  }

  private void restart(LocalTask t) {
    if (tasks.get(t.id()) != t || t.pendingRestart == null || t.stopping) return; // stopped or replaced during the delay
    t.pendingRestart = null;
    if (t.handle != null) removeQuietly(t.handle);
    t.restarts++;
    t.reason = "restarted after it " + t.reason + " (restart " + t.restarts + " of " + t.spec.restart().maxRestarts() + ")";
    launchAll(List.of(t));
    listener.taskRestarted(t.id());
  }

  private String withLogTail(String reason, String handle) {
    if (handle == null) return reason;
    try {
      String tail = driver.logsTail(handle, settings.logTailLines()).strip();
      return tail.isEmpty() ? reason : reason + "\nlast output:\n" + tail;
    } catch (DriverException e) {
      return reason;
    }
  }

  private void removeQuietly(String handle) {
    try {
      driver.remove(handle);
    } catch (DriverException e) {
      log.warn("could not remove {}: {}", handle, why(e));
    }
  }

  private void save(LocalTask t) {
    store.putTask(t.record());
  }

  private void report(LocalTask t) {
    batcher.add(new TaskUpdate(t.id(), t.generation(), t.state, t.handle, t.restarts, t.exitCode, t.reason, clock.millis(), t.health()));
  }

  /** An exception's message, or its class when it has none (never "null" in a log line). */
  private static String why(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
