package io.orchestrate.worker.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.gateway.protocol.DesiredTask;
import io.orchestrate.gateway.protocol.LogChunk;
import io.orchestrate.gateway.protocol.LogLimits;
import io.orchestrate.gateway.protocol.LogLine;
import io.orchestrate.gateway.protocol.LogRequest;
import io.orchestrate.testing.docker.RequiresDocker;
import io.orchestrate.worker.logs.LogStreams;
import io.orchestrate.worker.store.TaskRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A container's output through the docker driver and the worker's log streams, against the local
 * engine with {@code local/busybox:1} (built locally, never pulled): stream selection and tail from
 * the engine, and a followed stream that goes on in the task's next container once the first ends.
 */
@RequiresDocker(images = DockerTaskLogsTest.IMAGE)
class DockerTaskLogsTest {
  static final String IMAGE = "local/busybox:1";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String NODE = "logs-node-" + RUN;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static DockerDriver driver;
  private static final List<String> started = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() {
    driver = new DockerDriver(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), NODE, DockerDriverSettings.defaults());
  }

  @AfterAll
  static void removeContainers() throws Exception {
    if (driver == null) return;
    for (String id : started) driver.remove(id);
    driver.close();
  }

  private static String start(String taskId, int copy, String script) throws DriverException {
    String id = driver.start(new TaskLaunch(taskId, "job-" + RUN, NODE, IMAGE, List.of("sh", "-c", script), Map.of(), Resources.defaults(),
        "orch-" + RUN + "-" + taskId + "-" + copy));
    started.add(id);
    return id;
  }

  private static List<String> texts(List<LogChunk> chunks) {
    List<String> out = new ArrayList<>();
    for (LogChunk c : chunks) for (LogLine l : c.lines()) out.add(l.stream() + ":" + l.text());
    return out;
  }

  private static TaskRecord record(String taskId, String handle, TaskState state) {
    return new TaskRecord(new DesiredTask(taskId, "j", "g", 0, 1, IMAGE, List.of("sh"), Map.of(), null, null), handle, 0, state, null, null);
  }

  @Test
  void stderrSelectionAndTailComeFromTheEngine() throws Exception {
    // Stderr last: the engine counts a tail over both streams before it selects one (see DockerDriver#logs).
    String id = start("t1-" + RUN, 0, "for i in 1 2 3 4; do echo out$i; done; sleep 0.2; for i in 1 2 3 4; do echo err$i >&2; done");
    await().atMost(WAIT).until(() -> driver.inspect(id).phase() == TaskStatus.Phase.EXITED);
    Map<String, TaskRecord> records = Map.of("t1-" + RUN, record("t1-" + RUN, id, TaskState.COMPLETED));
    List<LogChunk> errs = new CopyOnWriteArrayList<>();
    List<LogChunk> tail = new CopyOnWriteArrayList<>();
    try (LogStreams streams = new LogStreams(NODE, driver, () -> records, Duration.ofMillis(50))) {
      streams.open(new LogRequest(1, "t1-" + RUN, false, -1, "stderr", null, 0, LogLimits.WINDOW_BYTES), errs::add);
      streams.open(new LogRequest(2, "t1-" + RUN, false, 2, "stderr", null, 0, LogLimits.WINDOW_BYTES), tail::add);
      await().atMost(WAIT).until(() -> !errs.isEmpty() && errs.get(errs.size() - 1).end() && !tail.isEmpty() && tail.get(tail.size() - 1).end());
    }
    assertThat(texts(errs)).containsExactly("stderr:err1", "stderr:err2", "stderr:err3", "stderr:err4");
    assertThat(texts(tail)).containsExactly("stderr:err3", "stderr:err4");
    assertThat(errs.get(errs.size() - 1).error()).isNull();
  }

  @Test
  void aFollowedStreamGoesOnInTheTasksNextContainerWithNoLineTwice() throws Exception {
    String task = "t2-" + RUN;
    String first = start(task, 0, "for i in 1 2 3; do echo line$i; done; exit 1");
    Map<String, TaskRecord> records = new ConcurrentHashMap<>(Map.of(task, record(task, first, TaskState.RUNNING)));
    List<LogChunk> got = new CopyOnWriteArrayList<>();
    try (LogStreams streams = new LogStreams(NODE, driver, () -> records, Duration.ofMillis(50))) {
      streams.open(new LogRequest(3, task, true, -1, "both", null, 0, LogLimits.WINDOW_BYTES), got::add);
      await().atMost(WAIT).until(() -> texts(got).size() == 3);
      await().atMost(WAIT).until(() -> driver.inspect(first).phase() == TaskStatus.Phase.EXITED);
      // The restart, as the reconciler does it: the old container goes, a new one of the same task starts.
      driver.remove(first);
      String second = start(task, 1, "for i in 4 5 6; do echo line$i; done; sleep 600");
      records.put(task, record(task, second, TaskState.RUNNING));
      await().atMost(WAIT).until(() -> texts(got).size() >= 6);
      records.put(task, record(task, second, TaskState.STOPPED));
      driver.stop(second, Duration.ofSeconds(1));
      await().atMost(WAIT).until(() -> got.stream().anyMatch(LogChunk::end));
    }
    assertThat(texts(got)).containsExactly("stdout:line1", "stdout:line2", "stdout:line3", "stdout:line4", "stdout:line5", "stdout:line6");
  }
}
