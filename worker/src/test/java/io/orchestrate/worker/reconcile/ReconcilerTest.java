package io.orchestrate.worker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.core.spec.RestartPolicy.Policy;
import io.orchestrate.core.spec.Secrets;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.TaskStatus;
import io.orchestrate.gateway.protocol.TaskUpdate;
import io.orchestrate.worker.driver.DriverTask;
import io.orchestrate.worker.driver.ProcessDriver;
import io.orchestrate.worker.driver.TaskLaunch;
import io.orchestrate.worker.store.TaskRecord;
import io.orchestrate.worker.store.WorkerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler against the real process driver, with short monitor and batch intervals. */
class ReconcilerTest {
  private static final String NODE = "n1";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String FOREVER = "sleep 300";

  @TempDir Path dir;
  private ProcessDriver driver;
  private WorkerStore store;
  private ScheduledExecutorService owner;
  private final List<TaskStatus> sent = new CopyOnWriteArrayList<>();
  private Reconciler reconciler;

  @BeforeEach
  void setUp() throws Exception {
    driver = new ProcessDriver(dir.resolve("process"));
    store = WorkerStore.open(dir.resolve("store"));
    reconciler = newReconciler(Duration.ofMillis(20));
  }

  private Reconciler newReconciler(Duration batchWindow) throws Exception {
    if (owner != null) owner.shutdownNow();
    owner = Executors.newSingleThreadScheduledExecutor();
    Reconciler r = new Reconciler(NODE, driver, store, sent::add, owner, Clock.systemUTC(),
        new ReconcilerSettings(Duration.ofMillis(20), batchWindow, Duration.ofSeconds(2), 5), ReconcilerListener.NONE);
    r.start().get(10, TimeUnit.SECONDS);
    return r;
  }

  @AfterEach
  void tearDown() throws Exception {
    reconciler.close();
    owner.shutdownNow();
    owner.awaitTermination(5, TimeUnit.SECONDS);
    driver.close();
    store.close();
  }

  private static DesiredTask task(String id, long generation, Policy policy, int maxRestarts, int delaySeconds, String script) {
    return new DesiredTask(id, "job-1", "g", 0, generation, null, List.of("sh", "-c", script), Map.of(), Resources.defaults(),
        new RestartPolicy(policy, maxRestarts, delaySeconds));
  }

  private static DesiredTask forever(String id, long generation) {
    return task(id, generation, Policy.ON_FAILURE, 3, 0, FOREVER);
  }

  private static Desired desired(DesiredTask... tasks) {
    return new Desired(1, NODE, List.of(tasks));
  }

  private List<TaskUpdate> updates(String taskId) {
    return sent.stream().flatMap(s -> s.updates().stream()).filter(u -> u.taskId().equals(taskId)).toList();
  }

  private TaskRecord awaitState(String taskId, TaskState state) {
    await().atMost(WAIT).until(() -> {
      TaskRecord r = reconciler.records().get(taskId);
      return r != null && r.state() == state;
    });
    return reconciler.records().get(taskId);
  }

  private boolean alive(String handle) {
    return driver.inspect(handle).isRunning();
  }

  @Test
  void desiredStartsWhatIsMissingAndStopsWhatIsNoLongerWanted() {
    reconciler.desired(desired(forever("a", 1), forever("b", 1)));
    String a = awaitState("a", TaskState.RUNNING).handle();
    String b = awaitState("b", TaskState.RUNNING).handle();

    reconciler.desired(desired(forever("b", 1), forever("c", 1)));
    awaitState("c", TaskState.RUNNING);
    await().atMost(WAIT).until(() -> !reconciler.records().containsKey("a"));
    assertThat(driver.inspect(a).phase()).as("a's process is removed").isEqualTo(io.orchestrate.worker.driver.TaskStatus.Phase.MISSING);
    assertThat(reconciler.records().get("b").handle()).as("b untouched").isEqualTo(b);
    assertThat(alive(b)).isTrue();
    await().atMost(WAIT).until(() -> updates("a").stream().anyMatch(u -> u.state() == TaskState.STOPPED));
    assertThat(store.tasks()).containsOnlyKeys("b", "c");
  }

  @Test
  void secretsReachEveryCopyOfTheTaskAndNeverItsStatusReports() throws Exception {
    Path seen = dir.resolve("seen");
    DesiredTask t = task("s", 1, Policy.ON_FAILURE, 1, 0, "echo \"$DB_PASSWORD\" >> '" + seen + "'; exit 1");
    t = new DesiredTask(t.taskId(), t.jobId(), t.group(), t.index(), t.generation(), t.image(), t.command(), t.env(), t.resources(),
        t.restart(), null, null, null, Secrets.of(Map.of("DB_PASSWORD", "s3cr3t-hunter2")));
    reconciler.desired(desired(t));
    TaskRecord failed = awaitState("s", TaskState.FAILED);
    assertThat(java.nio.file.Files.readAllLines(seen)).as("the first copy and its restart").containsExactly("s3cr3t-hunter2", "s3cr3t-hunter2");
    // The store keeps the value (a restarted worker restarts the task from it) but its records never print it.
    assertThat(store.tasks().get("s").spec().secrets().values()).containsEntry("DB_PASSWORD", "s3cr3t-hunter2");
    assertThat(failed.toString()).contains("DB_PASSWORD").doesNotContain("s3cr3t");
    await().atMost(WAIT).until(() -> updates("s").stream().anyMatch(u -> u.state() == TaskState.FAILED));
    assertThat(sent.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void anOlderGenerationIsStoppedAndTheNewOneStarted() {
    reconciler.desired(desired(forever("a", 1)));
    String first = awaitState("a", TaskState.RUNNING).handle();

    reconciler.desired(desired(forever("a", 2)));
    await().atMost(WAIT).until(() -> reconciler.records().get("a").generation() == 2);
    String second = reconciler.records().get("a").handle();
    assertThat(second).isNotEqualTo(first);
    assertThat(alive(second)).isTrue();
    assertThat(driver.list()).extracting(DriverTask::handle).containsExactly(second);
    await().atMost(WAIT).until(() -> updates("a").size() >= 3);
    assertThat(updates("a")).extracting(TaskUpdate::generation, TaskUpdate::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, TaskState.RUNNING),
            org.assertj.core.groups.Tuple.tuple(1L, TaskState.STOPPED),
            org.assertj.core.groups.Tuple.tuple(2L, TaskState.RUNNING));
  }

  @Test
  void aRepeatedDesiredRerunsNothingEvenAnEndedTask() {
    DesiredTask done = task("done", 1, Policy.ON_FAILURE, 3, 0, "exit 0");
    reconciler.desired(desired(forever("a", 1), done));
    String a = awaitState("a", TaskState.RUNNING).handle();
    awaitState("done", TaskState.COMPLETED);
    // The monitor tick that saw "done" exit batches its COMPLETED update a window after the record changes.
    await().atMost(WAIT).until(() -> updates("done").stream().anyMatch(u -> u.state() == TaskState.COMPLETED)
        && updates("a").stream().anyMatch(u -> u.state() == TaskState.RUNNING));
    int before = sent.stream().mapToInt(s -> s.updates().size()).sum();

    reconciler.desired(desired(forever("a", 1), done));
    // A later set is processed after it (one owner thread): once its marker runs, the repeat was handled.
    reconciler.desired(desired(forever("a", 1), done, forever("marker", 1)));
    awaitState("marker", TaskState.RUNNING);
    assertThat(reconciler.records().get("a").handle()).isEqualTo(a);
    assertThat(reconciler.records().get("done").state()).isEqualTo(TaskState.COMPLETED);
    assertThat(driver.list()).hasSize(3);
    await().atMost(WAIT).until(() -> updates("marker").size() == 1);
    assertThat(sent.stream().mapToInt(s -> s.updates().size()).sum()).isEqualTo(before + 1);
  }

  @Test
  void aSetNamingAnOlderGenerationLeavesTheNewerCopyAlone_andLeavingTheTaskOutStopsIt() {
    reconciler.desired(desired(forever("a", 5)));
    String h = awaitState("a", TaskState.RUNNING).handle();
    reconciler.desired(desired(forever("a", 4), forever("marker", 1)));
    awaitState("marker", TaskState.RUNNING);
    assertThat(alive(h)).isTrue();

    reconciler.desired(desired(forever("marker", 1)));
    await().atMost(WAIT).until(() -> !reconciler.records().containsKey("a"));
    await().atMost(WAIT).until(() -> updates("a").size() == 2);
    assertThat(updates("a").get(1)).extracting(TaskUpdate::state, TaskUpdate::reason)
        .containsExactly(TaskState.STOPPED, "no longer desired on this node");
  }

  @Test
  void onFailureRestartsUpToItsLimitThenFailsWithTheExitCodeAndOutput() {
    reconciler.desired(desired(task("crash", 1, Policy.ON_FAILURE, 2, 0, "echo boom-$$; exit 3")));
    TaskRecord r = awaitState("crash", TaskState.FAILED);
    assertThat(r.restarts()).isEqualTo(2);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.reason()).startsWith("exited with code 3; 2 restarts exhausted\nlast output:\nboom-");
    await().atMost(WAIT).until(() -> updates("crash").stream().anyMatch(u -> u.state() == TaskState.FAILED));
    assertThat(updates("crash")).extracting(TaskUpdate::state, TaskUpdate::restarts).containsExactly(
        org.assertj.core.groups.Tuple.tuple(TaskState.RUNNING, 0),
        org.assertj.core.groups.Tuple.tuple(TaskState.RUNNING, 1),
        org.assertj.core.groups.Tuple.tuple(TaskState.RUNNING, 2),
        org.assertj.core.groups.Tuple.tuple(TaskState.FAILED, 2));
    assertThat(updates("crash").get(1).reason()).isEqualTo("restarted after it exited with code 3 (restart 1 of 2)");
    assertThat(updates("crash").get(3).exitCode()).isEqualTo(3);
    assertThat(driver.list()).as("only the last copy is kept, for its logs").hasSize(1);
  }

  @Test
  void onFailureCompletesATaskThatExitsZero() {
    reconciler.desired(desired(task("ok", 1, Policy.ON_FAILURE, 3, 0, "exit 0")));
    TaskRecord r = awaitState("ok", TaskState.COMPLETED);
    assertThat(r.restarts()).isZero();
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void neverLeavesAFailedTaskFailed() {
    reconciler.desired(desired(task("once", 1, Policy.NEVER, 3, 0, "exit 4")));
    TaskRecord r = awaitState("once", TaskState.FAILED);
    assertThat(r.restarts()).isZero();
    assertThat(r.reason()).isEqualTo("exited with code 4");
  }

  @Test
  void alwaysRestartsEvenASuccessUntilTheLimit() {
    reconciler.desired(desired(task("loop", 1, Policy.ALWAYS, 2, 0, "exit 0")));
    TaskRecord r = awaitState("loop", TaskState.COMPLETED);
    assertThat(r.restarts()).isEqualTo(2);
    assertThat(r.reason()).isEqualTo("exited with code 0; 2 restarts exhausted");
  }

  @Test
  void theRestartDelayIsWaitedOut() {
    reconciler.desired(desired(task("slow", 1, Policy.ON_FAILURE, 1, 1, "exit 1")));
    awaitState("slow", TaskState.FAILED);
    await().atMost(WAIT).until(() -> updates("slow").size() == 3);
    List<TaskUpdate> u = updates("slow");
    assertThat(u.get(1).restarts()).isEqualTo(1);
    assertThat(u.get(1).atMillis() - u.get(0).atMillis()).as("restart waited delaySeconds").isGreaterThanOrEqualTo(1000);
  }

  @Test
  void aCommandThatCannotRunFailsWithTheDriversReason() {
    reconciler.desired(desired(new DesiredTask("bad", "job-1", "g", 0, 1, null, List.of("/no/such/binary"), Map.of(), null, null)));
    TaskRecord r = awaitState("bad", TaskState.FAILED);
    assertThat(r.handle()).isNull();
    assertThat(r.reason()).startsWith("could not start: task bad: cannot run /no/such/binary");
  }

  @Test
  void updatesProducedTogetherTravelInOneMessage() throws Exception {
    reconciler.close();
    reconciler = newReconciler(Duration.ofMillis(500));
    reconciler.desired(desired(forever("a", 1), forever("b", 1), forever("c", 1), forever("d", 1)));
    await().atMost(WAIT).until(() -> !sent.isEmpty());
    assertThat(sent.get(0).nodeId()).isEqualTo(NODE);
    assertThat(sent.get(0).updates()).extracting(TaskUpdate::taskId).containsExactly("a", "b", "c", "d");
  }

  @Test
  void aRestartedReconcilerAdoptsRecordedCopiesAndRemovesUnrecordedOnes() throws Exception {
    reconciler.desired(desired(forever("a", 1)));
    String a = awaitState("a", TaskState.RUNNING).handle();
    String stray = driver.start(new TaskLaunch("stray", "job-1", NODE, null, List.of("sleep", "300"), Map.of(), null, "stray"));
    reconciler.close();

    reconciler = newReconciler(Duration.ofMillis(20));
    assertThat(reconciler.records().get("a").handle()).as("adopted, not restarted").isEqualTo(a);
    assertThat(reconciler.records().get("a").state()).isEqualTo(TaskState.RUNNING);
    assertThat(driver.list()).extracting(DriverTask::handle).containsExactly(a);
    assertThat(driver.inspect(stray).phase()).isEqualTo(io.orchestrate.worker.driver.TaskStatus.Phase.MISSING);

    reconciler.desired(desired(forever("a", 1)));
    reconciler.desired(desired(forever("a", 1), forever("marker", 1)));
    awaitState("marker", TaskState.RUNNING);
    assertThat(reconciler.records().get("a").handle()).isEqualTo(a);
  }

  @Test
  void aRecordWhoseCopyIsGoneIsForgottenAndStartedAgainWhenDesired() throws Exception {
    reconciler.desired(desired(forever("a", 1)));
    String a = awaitState("a", TaskState.RUNNING).handle();
    reconciler.close();
    driver.remove(a); // as the process driver does to its children when a worker stops

    reconciler = newReconciler(Duration.ofMillis(20));
    assertThat(reconciler.records()).doesNotContainKey("a");
    reconciler.desired(desired(forever("a", 1)));
    String again = awaitState("a", TaskState.RUNNING).handle();
    assertThat(again).isNotEqualTo(a);
  }

}
