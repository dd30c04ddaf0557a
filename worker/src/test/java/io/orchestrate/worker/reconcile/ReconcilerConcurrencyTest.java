package io.orchestrate.worker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.TaskStatus;
import io.orchestrate.gateway.protocol.TaskUpdate;
import io.orchestrate.worker.driver.DriverException;
import io.orchestrate.worker.driver.DriverTask;
import io.orchestrate.worker.driver.TaskDriver;
import io.orchestrate.worker.driver.TaskLaunch;
import io.orchestrate.worker.store.WorkerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler hands the starts and stops of one event to several threads at once, never more
 * than its driver concurrency, and still records and reports every outcome in the order of the
 * Desired. The driver here holds each call until enough calls are in flight (or a bound passes),
 * so a reconciler that called it one at a time would show a peak of one.
 */
class ReconcilerConcurrencyTest {
  private static final String NODE = "n1";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int CONCURRENCY = 3;

  @TempDir Path dir;
  // Gates as wide as each test's batch: an unbounded reconciler would have them all in flight at once.
  private final GatedDriver driver = new GatedDriver(10, 5);
  private final List<TaskStatus> sent = new CopyOnWriteArrayList<>();
  private WorkerStore store;
  private ScheduledExecutorService owner;
  private Reconciler reconciler;

  @BeforeEach
  void setUp() throws Exception {
    store = WorkerStore.open(dir.resolve("store"));
    reconciler = newReconciler(Duration.ofSeconds(60), driver);
  }

  private Reconciler newReconciler(Duration monitorInterval, TaskDriver d) throws Exception {
    if (reconciler != null) reconciler.close();
    if (owner != null) owner.shutdownNow();
    owner = Executors.newSingleThreadScheduledExecutor();
    Reconciler r = new Reconciler(NODE, d, store, sent::add, owner, Clock.systemUTC(),
        new ReconcilerSettings(monitorInterval, Duration.ofMillis(20), Duration.ZERO, 5, CONCURRENCY), ReconcilerListener.NONE);
    r.start().get(10, TimeUnit.SECONDS);
    return r;
  }

  @AfterEach
  void tearDown() throws Exception {
    reconciler.close();
    owner.shutdownNow();
    owner.awaitTermination(5, TimeUnit.SECONDS);
    store.close();
  }

  private static DesiredTask task(String id) {
    return new DesiredTask(id, "job-1", "g", 0, 1, "img", List.of("sleep", "300"), Map.of(), Resources.defaults(),
        new RestartPolicy(RestartPolicy.Policy.NEVER, 0, 0));
  }

  private static Desired desired(List<DesiredTask> tasks) {
    return new Desired(1, NODE, tasks);
  }

  private List<TaskUpdate> updates() {
    return sent.stream().flatMap(s -> s.updates().stream()).toList();
  }

  private List<String> stoppedIds() {
    return updates().stream().filter(u -> u.state() == TaskState.STOPPED).map(TaskUpdate::taskId).toList();
  }

  @Test
  void manyNewTasksStartInParallelUpToTheLimitAndAreReportedInOrder() {
    List<DesiredTask> tasks = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tasks.add(task("t" + i));
      ids.add("t" + i);
    }
    driver.failStartOf("t4");

    reconciler.desired(desired(tasks));
    await().atMost(WAIT).until(() -> updates().size() == 10);

    assertThat(driver.peakStarts.get()).as("starts in flight at once").isEqualTo(CONCURRENCY);
    assertThat(updates()).extracting(TaskUpdate::taskId).containsExactlyElementsOf(ids);
    assertThat(sent).as("one Desired's outcomes travel together").hasSize(1);
    assertThat(reconciler.records().get("t4").state()).isEqualTo(TaskState.FAILED);
    assertThat(reconciler.records().get("t4").reason()).isEqualTo("could not start: no such image for t4");
    for (String id : ids) {
      if (!id.equals("t4")) assertThat(reconciler.records().get(id).state()).as(id).isEqualTo(TaskState.RUNNING);
    }
    assertThat(store.tasks()).containsOnlyKeys(ids);
  }

  @Test
  void tasksNoLongerDesiredAreStoppedInParallelAndOneThatWillNotStopIsKept() {
    List<DesiredTask> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) tasks.add(task("t" + i));
    reconciler.desired(desired(tasks));
    await().atMost(WAIT).until(() -> reconciler.tasksRunning() == 6);
    String stubborn = reconciler.records().get("t2").handle();
    driver.failStopOf(stubborn);

    reconciler.desired(desired(List.of(tasks.get(0))));
    // Outcomes leave through the status batcher a window after the records change: wait for both.
    await().atMost(WAIT).until(() -> reconciler.records().size() == 2 && stoppedIds().size() == 4);

    assertThat(driver.peakStops.get()).as("stops in flight at once").isEqualTo(CONCURRENCY);
    assertThat(reconciler.records()).containsOnlyKeys("t0", "t2");
    assertThat(driver.removed).hasSize(4).doesNotContain(stubborn);
    assertThat(stoppedIds()).containsExactlyInAnyOrder("t1", "t3", "t4", "t5");
  }

  /**
   * Two sets in a row each take tasks away while the first set's copy ignores SIGTERM and so
   * takes its whole grace period to stop: the second set's stop must not wait behind it.
   */
  @Test
  void aCopySlowToStopDoesNotHoldBackTheNextDesiredSet() throws Exception {
    GatedDriver open = new GatedDriver(1, 1);
    reconciler = newReconciler(Duration.ofSeconds(60), open);
    reconciler.desired(desired(List.of(task("a"), task("b"))));
    await().atMost(WAIT).until(() -> reconciler.tasksRunning() == 2);
    String a = reconciler.records().get("a").handle();
    String b = reconciler.records().get("b").handle();
    CountDownLatch graceOfA = open.holdStopOf(a);

    reconciler.desired(desired(List.of(task("b"))));
    reconciler.desired(desired(List.of()));
    try {
      await("b stopped and reported while a still waits out its grace").atMost(WAIT)
          .until(() -> open.removed.contains(b) && !stoppedIds().isEmpty());
      assertThat(reconciler.records()).containsOnlyKeys("a");
      assertThat(stoppedIds()).containsExactly("b");
    } finally {
      graceOfA.countDown();
    }
    await().atMost(WAIT).until(() -> reconciler.records().isEmpty());
    assertThat(open.removed).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void theMonitorListsOnceAndInspectsOnlyCopiesNotListedAsRunning() throws Exception {
    GatedDriver open = new GatedDriver(1, 1);
    reconciler = newReconciler(Duration.ofMillis(20), open);
    List<DesiredTask> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) tasks.add(task("t" + i));
    reconciler.desired(desired(tasks));
    await().atMost(WAIT).until(() -> reconciler.tasksRunning() == 5);
    int lists = open.lists.get();
    await().atMost(WAIT).until(() -> open.lists.get() >= lists + 3);
    assertThat(open.inspected).as("every copy was listed running").isEmpty();

    String exited = reconciler.records().get("t3").handle();
    open.exited.add(exited);

    await().atMost(WAIT).until(() -> reconciler.records().get("t3").state() == TaskState.COMPLETED);
    assertThat(open.inspected).containsOnly(exited);
    assertThat(reconciler.tasksRunning()).isEqualTo(4);
  }

  /**
   * A driver whose start and stop each wait until a given number of calls of their kind have
   * arrived (or a short bound passes), recording the peak in flight.
   */
  private static final class GatedDriver implements TaskDriver {
    final AtomicInteger peakStarts = new AtomicInteger();
    final AtomicInteger peakStops = new AtomicInteger();
    final Set<String> removed = ConcurrentHashMap.newKeySet();
    final Set<String> started = ConcurrentHashMap.newKeySet();
    final Set<String> exited = ConcurrentHashMap.newKeySet();
    final List<String> inspected = new CopyOnWriteArrayList<>();
    final AtomicInteger lists = new AtomicInteger();
    private final AtomicInteger starting = new AtomicInteger();
    private final AtomicInteger stopping = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    private final CountDownLatch startGate;
    private final CountDownLatch stopGate;
    private volatile String failStart = "";
    private volatile String failStop = "";
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

    GatedDriver(int starts, int stops) {
      this.startGate = new CountDownLatch(starts);
      this.stopGate = new CountDownLatch(stops);
    }

    void failStartOf(String taskId) {
      failStart = taskId;
    }

    void failStopOf(String handle) {
      failStop = handle;
    }

    /** Makes the stop of {@code handle} wait until the returned latch is released, like a copy that ignores SIGTERM. */
    CountDownLatch holdStopOf(String handle) {
      CountDownLatch release = new CountDownLatch(1);
      held.put(handle, release);
      return release;
    }

    @Override
    public String name() {
      return "gated";
    }

    @Override
    public String start(TaskLaunch launch) throws DriverException {
      peakStarts.accumulateAndGet(starting.incrementAndGet(), Math::max);
      try {
        pass(startGate);
        if (launch.taskId().equals(failStart)) throw new DriverException("no such image for " + launch.taskId(), null);
        String handle = "h-" + launch.taskId() + "-" + sequence.incrementAndGet();
        started.add(handle);
        return handle;
      } finally {
        starting.decrementAndGet();
      }
    }

    @Override
    public void stop(String handle, Duration grace) throws DriverException {
      try {
        stopHeld(handle);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException("interrupted", e);
      }
    }

    private void stopHeld(String handle) throws DriverException, InterruptedException {
      peakStops.accumulateAndGet(stopping.incrementAndGet(), Math::max);
      try {
        pass(stopGate);
        CountDownLatch release = held.get(handle);
        if (release != null && !release.await(30, TimeUnit.SECONDS)) throw new DriverException("held stop never released", null);
        if (handle.equals(failStop)) throw new DriverException("engine busy stopping " + handle, null);
      } finally {
        stopping.decrementAndGet();
      }
    }

    /**
     * Waits until the latch's count of callers arrived, or the bound passes, so that a bounded pool
     * still progresses. The bound is what the peak counts on: a pool's calls must overlap within it,
     * and 1 s (not 300 ms) leaves a loaded machine's thread start-up and scheduling room.
     */
    private static void pass(CountDownLatch latch) {
      latch.countDown();
      try {
        latch.await(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void remove(String handle) {
      removed.add(handle);
    }

    @Override
    public io.orchestrate.worker.driver.TaskStatus inspect(String handle) {
      inspected.add(handle);
      return exited.contains(handle) ? io.orchestrate.worker.driver.TaskStatus.exited(0, null)
          : io.orchestrate.worker.driver.TaskStatus.running();
    }

    @Override
    public List<DriverTask> list() {
      lists.incrementAndGet();
      List<DriverTask> out = new ArrayList<>();
      for (String h : started) {
        if (removed.contains(h)) continue;
        out.add(new DriverTask(h, "?", "job-1", NODE, exited.contains(h)
            ? io.orchestrate.worker.driver.TaskStatus.Phase.EXITED : io.orchestrate.worker.driver.TaskStatus.Phase.RUNNING));
      }
      return out;
    }

    @Override
    public String logsTail(String handle, int lines) {
      return "";
    }

    @Override
    public void close() {}
  }
}
