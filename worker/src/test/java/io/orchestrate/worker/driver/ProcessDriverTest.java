package io.orchestrate.worker.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessDriverTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path work;
  private ProcessDriver driver;

  @BeforeEach
  void open() {
    driver = new ProcessDriver(work);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private static TaskLaunch launch(String taskId, Map<String, String> env, String... command) {
    return new TaskLaunch(taskId, "job-1", "node-1", null, List.of(command), env, Resources.defaults(), taskId);
  }

  private TaskStatus awaitExit(String handle) {
    return await().atMost(WAIT).until(() -> driver.inspect(handle), s -> s.phase() == TaskStatus.Phase.EXITED);
  }

  @Test
  void refusesATaskThatAsksForNoNetworkButRunsOnesOnTheOthers() throws Exception {
    TaskLaunch none = new TaskLaunch("t-none", "job-1", "node-1", null, List.of("true"), Map.of(), Resources.defaults(), "t-none", "none");
    assertThatThrownBy(() -> driver.start(none)).isInstanceOf(DriverException.class).hasMessageContaining("network: none");
    for (String mode : List.of("bridge", "host")) {
      TaskLaunch l = new TaskLaunch("t-" + mode, "job-1", "node-1", null, List.of("true"), Map.of(), Resources.defaults(), "t-" + mode, mode);
      assertThat(awaitExit(driver.start(l)).exitCode()).isZero();
    }
  }

  @Test
  void aTaskAndItsCheckCommandsSeeTheirSecretsAsEnvironmentVariables() throws Exception {
    TaskLaunch l = new TaskLaunch("t-secret", "job-1", "node-1", null, List.of("sh", "-c", "echo \"$DB_PASSWORD\" > seen; sleep 30"),
        Map.of("GREETING", "hi"), Resources.defaults(), "t-secret", null, null, Secrets.of(Map.of("DB_PASSWORD", "s3cr3t-hunter2")));
    String handle = driver.start(l);
    Path seen = work.resolve("t-secret-1").resolve("seen");
    await().atMost(WAIT).until(() -> Files.exists(seen) && Files.readString(seen).endsWith("\n"));
    assertThat(Files.readString(seen)).isEqualTo("s3cr3t-hunter2\n");
    ExecResult check = driver.exec(handle, List.of("sh", "-c", "test \"$DB_PASSWORD\" = s3cr3t-hunter2 && test \"$GREETING\" = hi"),
        Duration.ofSeconds(10));
    assertThat(check.exitCode()).as("a check command runs in the task's environment").isZero();
    assertThat(l.toString()).contains("DB_PASSWORD").doesNotContain("s3cr3t");
    driver.stop(handle, Duration.ofSeconds(1));
  }

  @Test
  void refusesATaskThatAsksForAnotherUserRatherThanRunItAsTheWorkers() {
    TaskLaunch asUser = new TaskLaunch("t-user", "job-1", "node-1", null, List.of("true"), Map.of(), Resources.defaults(), "t-user", null, "1000");
    assertThatThrownBy(() -> driver.start(asUser)).isInstanceOf(DriverException.class)
        .hasMessageContaining("cannot run a task as another user (user: 1000)");
  }

  @Test
  void reportsTheExitCodeAndTheOutputTail() throws Exception {
    String handle = driver.start(launch("t1", Map.of(), "sh", "-c", "echo one; echo two >&2; echo three; exit 3"));

    assertThat(handle).matches("proc-\\d+");
    TaskStatus status = awaitExit(handle);
    assertThat(status.exitCode()).isEqualTo(3);
    assertThat(status.reason()).isNull();
    // stdout and stderr are separate pipes, read by a thread each: their order within a stream holds, across them it need not.
    assertThat(driver.logsTail(handle, 100).lines().toList()).containsExactlyInAnyOrder("one", "two", "three")
        .containsSubsequence("one", "three");
    assertThat(driver.logsTail(handle, 2).lines().count()).isEqualTo(2);
  }

  @Test
  void aChattyTasksOutputIsRotatedAndStillReadInOrderAndTailed() throws Exception {
    try (ProcessDriver small = new ProcessDriver(work.resolve("small"), new OutputRotation(4096, 2))) {
      String handle = small.start(launch("chatty", Map.of(), "seq", "1", "2000"));
      await().atMost(WAIT).until(() -> small.inspect(handle).phase() == TaskStatus.Phase.EXITED);
      assertThat(small.logsTail(handle, 3).lines().toList()).containsExactly("1998", "1999", "2000");
      Path file = work.resolve("small").resolve("logs").resolve("chatty").resolve(TaskOutputFile.FILE_NAME);
      assertThat(OutputSegments.list(file)).hasSize(3);
      assertThat(OutputSegments.rotated(file, 3)).doesNotExist();

      List<String> all = new java.util.ArrayList<>();
      try (LogSource src = small.logs("chatty", handle, new LogQuery(false, -1, "both", null, 0))) {
        for (int i = 0; i < 1000 && !src.finished(); i++) src.read(1 << 16).forEach(l -> all.add(l.text()));
      }
      // What is kept is the newest output, whole and in order, up to the last line.
      int first = Integer.parseInt(all.get(0));
      assertThat(first).isGreaterThan(1);
      assertThat(all).isEqualTo(java.util.stream.IntStream.rangeClosed(first, 2000).mapToObj(Integer::toString).toList());
      try (LogSource tail = small.logs("chatty", handle, new LogQuery(false, 5, "both", null, 0))) {
        assertThat(tail.read(1 << 16).stream().map(io.orchestrate.gateway.protocol.LogLine::text).toList())
            .containsExactly("1996", "1997", "1998", "1999", "2000");
      }

      // A restarted copy's own tail starts after the rotated output of the one before.
      String again = small.start(launch("chatty", Map.of(), "echo", "again"));
      await().atMost(WAIT).until(() -> small.inspect(again).phase() == TaskStatus.Phase.EXITED);
      assertThat(small.logsTail(again, 10).lines().toList()).containsExactly("again");
    }
  }

  @Test
  void passesTheTaskEnvironmentButNotTheWorkersOwn() throws Exception {
    String handle = driver.start(launch("t2", Map.of("GREETING", "hello world"), "sh", "-c",
        "echo \"greeting=$GREETING\"; echo \"pwd=$(pwd)\"; env | sed -n 's/^\\([A-Za-z_][A-Za-z0-9_]*\\)=.*/name:\\1/p'"));

    assertThat(awaitExit(handle).exitCode()).isZero();
    String out = driver.logsTail(handle, 200);
    assertThat(out).contains("greeting=hello world\n");
    // Each task runs in its own directory under the work dir.
    assertThat(out).contains("pwd=" + work.toRealPath().resolve("t2-1") + "\n");
    // PWD, SHLVL and _ are set by sh itself.
    List<String> allowed = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER", "GREETING", "PWD", "SHLVL", "_");
    List<String> names = out.lines().filter(l -> l.startsWith("name:")).map(l -> l.substring(5)).toList();
    assertThat(names).contains("GREETING", "PATH").isSubsetOf(allowed);
  }

  @Test
  void stopTerminatesWithSigterm() throws Exception {
    String handle = driver.start(launch("t3", Map.of(), "sleep", "600"));
    assertThat(driver.inspect(handle)).isEqualTo(TaskStatus.running());

    driver.stop(handle, Duration.ofSeconds(10));

    TaskStatus status = driver.inspect(handle);
    assertThat(status.exitCode()).isEqualTo(128 + 15);
    assertThat(status.reason()).isEqualTo("terminated (SIGTERM)");
  }

  @Test
  void stopKillsAfterTheGraceWhenSigtermIsIgnored() throws Exception {
    Path ready = work.resolve("trap-ready");
    // The child sleep inherits the ignored SIGTERM, so the whole family has to be killed.
    String handle = driver.start(launch("t4", Map.of(), "sh", "-c", "trap '' TERM; touch " + ready + "; sleep 600 & wait"));
    await().atMost(WAIT).until(() -> Files.exists(ready));
    List<ProcessHandle> children = ProcessHandle.of(Long.parseLong(handle.substring("proc-".length())))
        .map(p -> p.descendants().toList()).orElseThrow();

    long t0 = System.nanoTime();
    driver.stop(handle, Duration.ofMillis(500));

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    TaskStatus status = driver.inspect(handle);
    assertThat(status.exitCode()).isEqualTo(128 + 9);
    assertThat(status.reason()).isEqualTo("killed (SIGKILL)");
    assertThat(children).isNotEmpty();
    await().atMost(WAIT).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void listsWhatItStartedUntilRemoved() throws Exception {
    String running = driver.start(launch("t5", Map.of(), "sleep", "600"));
    String done = driver.start(launch("t6", Map.of(), "true"));
    awaitExit(done);

    assertThat(driver.list()).containsExactlyInAnyOrder(
        new DriverTask(running, "t5", "job-1", "node-1", TaskStatus.Phase.RUNNING),
        new DriverTask(done, "t6", "job-1", "node-1", TaskStatus.Phase.EXITED));

    driver.remove(running);
    driver.remove(running); // idempotent
    driver.stop(running, Duration.ofSeconds(1)); // idempotent on a removed handle

    assertThat(driver.inspect(running)).isEqualTo(TaskStatus.missing());
    assertThat(driver.list()).extracting(DriverTask::handle).containsExactly(done);
    assertThat(Files.exists(work.resolve("t5-1"))).as("removed task's directory").isFalse();
    Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(running.substring("proc-".length())));
    assertThat(process.map(ProcessHandle::isAlive).orElse(false)).as("removed task's process alive").isFalse();
  }

  @Test
  void aFreshInstanceKnowsNothingOfAnotherInstancesProcesses() throws Exception {
    String handle = driver.start(launch("t7", Map.of(), "sleep", "600"));

    try (ProcessDriver other = new ProcessDriver(work)) {
      assertThat(other.list()).isEmpty();
      assertThat(other.inspect(handle)).isEqualTo(TaskStatus.missing());
    }
  }

  @Test
  void closeKillsEverythingItStarted() throws Exception {
    String handle = driver.start(launch("t8", Map.of(), "sleep", "600"));

    driver.close();

    assertThat(driver.inspect(handle).phase()).isEqualTo(TaskStatus.Phase.EXITED);
  }

  @Test
  void rejectsALaunchWithoutACommand() {
    assertThatThrownBy(() -> driver.start(launch("t9", Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("launch.command must not be empty");
  }

  @Test
  void aCommandThatCannotRunIsADriverException() {
    assertThatThrownBy(() -> driver.start(launch("t10", Map.of(), "/nonexistent/binary")))
        .isInstanceOf(DriverException.class)
        .hasMessageStartingWith("task t10: cannot run /nonexistent/binary");
  }

  @Test
  void unknownHandlesAreMissingAndHaveNoLogs() {
    assertThat(driver.inspect("proc-1")).isEqualTo(TaskStatus.missing());
    assertThatThrownBy(() -> driver.logsTail("proc-1", 5)).isInstanceOf(DriverException.class).hasMessageContaining("proc-1");
  }
}
