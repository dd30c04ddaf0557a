package io.orchestrate.worker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.core.spec.RestartPolicy.Policy;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.worker.driver.ProcessDriver;
import io.orchestrate.worker.journal.CopyJournal;
import io.orchestrate.worker.journal.CopyRecord;
import io.orchestrate.worker.store.WorkerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler tells its listener of every copy it starts and of how and when each ended; the journal keeps that account. */
class ReconcilerCopyEventsTest {
  private static final String NODE = "n1";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private ProcessDriver driver;
  private WorkerStore store;
  private ScheduledExecutorService owner;
  private CopyJournal journal;
  private Reconciler reconciler;

  @BeforeEach
  void setUp() throws Exception {
    driver = new ProcessDriver(dir.resolve("process"));
    store = WorkerStore.open(dir.resolve("store"));
    journal = new CopyJournal(NODE, System.currentTimeMillis(), 100);
    owner = Executors.newSingleThreadScheduledExecutor();
    reconciler = new Reconciler(NODE, driver, store, s -> {}, owner, Clock.systemUTC(),
        new ReconcilerSettings(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofSeconds(2), 5), journal);
    reconciler.start().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    reconciler.close();
    owner.shutdownNow();
    owner.awaitTermination(5, TimeUnit.SECONDS);
    driver.close();
    store.close();
  }

  private static DesiredTask task(String id, long generation, Policy policy, int maxRestarts, String script) {
    return new DesiredTask(id, "job-" + id, "g", 0, generation, null, List.of("sh", "-c", script), Map.of(), Resources.defaults(),
        new RestartPolicy(policy, maxRestarts, 0));
  }

  private List<CopyRecord> copies(String taskId) {
    return journal.view().copies().stream().filter(c -> c.taskId().equals(taskId)).toList();
  }

  @Test
  void aCopyStoppedBecauseItIsNoLongerDesiredEndsWithThatReasonAndItsHandle() {
    long before = System.currentTimeMillis();
    reconciler.desired(new Desired(1, NODE, List.of(task("a", 1, Policy.ON_FAILURE, 3, "sleep 300"))));
    await().atMost(WAIT).until(() -> reconciler.records().containsKey("a") && reconciler.records().get("a").state() == TaskState.RUNNING);
    String handle = reconciler.records().get("a").handle();
    assertThat(copies("a")).singleElement().satisfies(c -> {
      assertThat(c.handle()).isEqualTo(handle);
      assertThat(c.running()).isTrue();
      assertThat(c.startedAtMillis()).isBetween(before, System.currentTimeMillis());
      assertThat(c.jobId()).isEqualTo("job-a");
    });

    reconciler.desired(new Desired(1, NODE, List.of()));
    await().atMost(WAIT).until(() -> !copies("a").get(0).running());
    CopyRecord c = copies("a").get(0);
    assertThat(c.endReason()).isEqualTo("stopped: no longer desired on this node");
    assertThat(c.endedAtMillis()).isGreaterThanOrEqualTo(c.startedAtMillis()).isLessThanOrEqualTo(System.currentTimeMillis());
    assertThat(driver.inspect(handle).isRunning()).isFalse();
  }

  @Test
  void aCopyThatExitsEndsWithItsExitCodeAndARestartIsANewCopy() {
    reconciler.desired(new Desired(1, NODE, List.of(task("crash", 1, Policy.ON_FAILURE, 1, "exit 3"))));
    await().atMost(WAIT).until(() -> reconciler.records().containsKey("crash") && reconciler.records().get("crash").state() == TaskState.FAILED);
    List<CopyRecord> cs = copies("crash");
    assertThat(cs).hasSize(2).allSatisfy(c -> {
      assertThat(c.running()).isFalse();
      assertThat(c.exitCode()).isEqualTo(3);
      assertThat(c.endReason()).isEqualTo("exited with code 3");
    });
    assertThat(cs.get(0).handle()).isNotEqualTo(cs.get(1).handle());
    assertThat(cs.get(1).startedAtMillis()).isGreaterThanOrEqualTo(cs.get(0).endedAtMillis());
  }

  @Test
  void aNewGenerationEndsTheOldCopyBeforeItsOwnStarts() {
    reconciler.desired(new Desired(1, NODE, List.of(task("g", 1, Policy.ON_FAILURE, 3, "sleep 300"))));
    await().atMost(WAIT).until(() -> copies("g").size() == 1);
    reconciler.desired(new Desired(1, NODE, List.of(task("g", 2, Policy.ON_FAILURE, 3, "sleep 300"))));
    await().atMost(WAIT).until(() -> copies("g").size() == 2);
    List<CopyRecord> cs = copies("g");
    assertThat(cs).extracting(CopyRecord::generation).containsExactly(1L, 2L);
    assertThat(cs.get(0).endReason()).isEqualTo("stopped: replaced by generation 2");
    assertThat(cs.get(1).running()).isTrue();
    assertThat(cs.get(1).startedAtMillis()).isGreaterThanOrEqualTo(cs.get(0).endedAtMillis());
  }
}
