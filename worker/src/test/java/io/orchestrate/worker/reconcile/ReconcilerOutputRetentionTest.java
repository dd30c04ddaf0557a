package io.orchestrate.worker.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.RestartPolicy;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.worker.driver.ProcessDriver;
import io.orchestrate.worker.store.WorkerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process driver's output files of a task are deleted a retention after the task left the node, and not before. */
class ReconcilerOutputRetentionTest {
  private static final String NODE = "n1";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration RETENTION = Duration.ofHours(1);

  /** A clock tests move by hand; it counts reads, so a test can wait for monitor ticks to have looked at it. */
  private static final class HandClock extends Clock {
    final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    final AtomicLong reads = new AtomicLong();

    @Override
    public long millis() {
      reads.incrementAndGet();
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @TempDir Path dir;
  private final HandClock clock = new HandClock();
  private ProcessDriver driver;
  private WorkerStore store;
  private ScheduledExecutorService owner;
  private Reconciler reconciler;

  @BeforeEach
  void setUp() throws Exception {
    driver = new ProcessDriver(dir.resolve("process"));
    store = WorkerStore.open(dir.resolve("store"));
    owner = Executors.newSingleThreadScheduledExecutor();
    reconciler = new Reconciler(NODE, driver, store, s -> {}, owner, clock,
        new ReconcilerSettings(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofSeconds(2), 5, 4, RETENTION), ReconcilerListener.NONE);
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

  private static DesiredTask task(String id, long generation) {
    return new DesiredTask(id, "job-1", "g", 0, generation, null, List.of("sh", "-c", "echo line-of-generation-" + generation + "; sleep 300"),
        Map.of(), Resources.defaults(), new RestartPolicy(RestartPolicy.Policy.ON_FAILURE, 3, 0));
  }

  private Path outputDir(String taskId) {
    return dir.resolve("process").resolve("logs").resolve(taskId);
  }

  private void awaitOutput(String taskId, String text) {
    Path file = outputDir(taskId).resolve("output.log");
    await().atMost(WAIT).until(() -> Files.exists(file) && Files.readString(file).contains(text));
  }

  /** Waits until the monitor has run several more ticks (each reads the clock while a task's output is pending deletion). */
  private void awaitTicks() {
    long from = clock.reads.get();
    await().atMost(WAIT).until(() -> clock.reads.get() >= from + 10);
  }

  @Test
  void aTaskThatLeftKeepsItsOutputForTheRetentionThenEveryFileOfItIsDeleted() throws Exception {
    reconciler.desired(new Desired(1, NODE, List.of(task("a", 1), task("b", 1))));
    await().atMost(WAIT).until(() -> reconciler.records().containsKey("a") && reconciler.records().get("a").state() == TaskState.RUNNING);
    awaitOutput("a", "line-of-generation-1");
    awaitOutput("b", "line-of-generation-1");
    // A rotated segment goes with the task too.
    Files.writeString(outputDir("a").resolve("output.log.1"), "older\n");

    reconciler.desired(new Desired(2, NODE, List.of(task("b", 1))));
    await().atMost(WAIT).until(() -> !reconciler.records().containsKey("a"));

    clock.millis.addAndGet(RETENTION.toMillis() - 1);
    awaitTicks();
    assertThat(outputDir("a")).as("still readable within the retention").exists();
    assertThat(outputDir("a").resolve("output.log")).content().contains("line-of-generation-1");

    clock.millis.addAndGet(1);
    await().atMost(WAIT).until(() -> !Files.exists(outputDir("a")));
    assertThat(outputDir("b").resolve("output.log")).as("a task still here keeps its output").content().contains("line-of-generation-1");
  }

  @Test
  void aTaskReplacedByANewGenerationKeepsItsOutput() throws Exception {
    reconciler.desired(new Desired(1, NODE, List.of(task("a", 1), task("gone", 1))));
    awaitOutput("a", "line-of-generation-1");
    awaitOutput("gone", "line-of-generation-1");

    reconciler.desired(new Desired(2, NODE, List.of(task("a", 2))));
    awaitOutput("a", "line-of-generation-2");
    await().atMost(WAIT).until(() -> !reconciler.records().containsKey("gone"));

    clock.millis.addAndGet(RETENTION.toMillis());
    // "gone" going proves the expiry ran with the clock moved; "a" was never gone.
    await().atMost(WAIT).until(() -> !Files.exists(outputDir("gone")));
    awaitTicks();
    assertThat(outputDir("a").resolve("output.log")).content().contains("line-of-generation-1", "line-of-generation-2");
  }
}
