package io.orchestrate.worker.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.gateway.protocol.LogChunk;
import io.orchestrate.gateway.protocol.LogLimits;
import io.orchestrate.gateway.protocol.LogLine;
import io.orchestrate.gateway.protocol.LogRequest;
import io.orchestrate.worker.driver.DriverTask;
import io.orchestrate.worker.driver.LogQuery;
import io.orchestrate.worker.driver.LogSource;
import io.orchestrate.worker.driver.TaskDriver;
import io.orchestrate.worker.driver.TaskLaunch;
import io.orchestrate.worker.driver.TaskStatus;
import io.orchestrate.worker.store.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The back-pressure bound: a worker sends no more than its credit, however much the task printed,
 * and sends more only as credit comes back. The task here has printed far more than the window.
 */
class LogStreamCreditTest {
  /** A task that has printed {@code total} lines of 1 KiB, and counts how many were read from it. */
  static final class Endless implements LogSource {
    final AtomicLong read = new AtomicLong();
    final long total;

    Endless(long total) {
      this.total = total;
    }

    @Override
    public List<LogLine> read(long maxBytes) {
      List<LogLine> out = new ArrayList<>();
      long spent = 0;
      while (read.get() < total) {
        LogLine l = new LogLine(Instant.ofEpochSecond(1_800_000_000L, read.get()), "stdout", "x".repeat(1024));
        if (!out.isEmpty() && spent + l.cost() > maxBytes) break;
        out.add(l);
        spent += l.cost();
        read.incrementAndGet();
      }
      return out;
    }

    @Override
    public boolean finished() {
      return read.get() >= total;
    }

    @Override
    public void close() {}
  }

  static TaskDriver driverOf(LogSource source) {
    return new TaskDriver() {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public String start(TaskLaunch launch) {
        throw new UnsupportedOperationException();
      }

      @Override
      public TaskStatus inspect(String handle) {
        return TaskStatus.running();
      }

      @Override
      public void stop(String handle, Duration grace) {}

      @Override
      public void remove(String handle) {}

      @Override
      public List<DriverTask> list() {
        return List.of();
      }

      @Override
      public String logsTail(String handle, int lines) {
        return "";
      }

      @Override
      public LogSource logs(String taskId, String handle, LogQuery query) {
        return source;
      }

      @Override
      public void close() {}
    };
  }

  static Map<String, TaskRecord> running() {
    io.orchestrate.gateway.protocol.DesiredTask spec = new io.orchestrate.gateway.protocol.DesiredTask("t1", "j", "g", 0, 1, "img",
        List.of("sh"), Map.of(), null, null);
    return Map.of("t1", new TaskRecord(spec, "proc-1", 0, TaskState.RUNNING, null, null));
  }

  @Test
  void aClientThatTakesNothingHoldsTheWorkerAtItsCreditAndCreditLetsMoreThrough() {
    Endless source = new Endless(100_000); // ~100 MiB printed
    List<LogChunk> sent = new CopyOnWriteArrayList<>();
    long window = 256 * 1024;
    try (LogStreams streams = new LogStreams("w1", driverOf(source), LogStreamCreditTest::running, Duration.ofMillis(20))) {
      streams.open(new LogRequest(1, "t1", true, -1, "both", null, 0, window), c -> sent.add(c));
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().mapToLong(LogChunk::cost).sum() >= window - 2048);
      long before = sent.stream().mapToLong(LogChunk::cost).sum();
      // Nothing comes back: the stream must stay where it is (a bound in time, not a sleep for a condition).
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(() -> sent.stream().mapToLong(LogChunk::cost).sum() == before);
      assertThat(before).as("never more than the credit").isLessThanOrEqualTo(window);
      assertThat(source.read.get()).as("nor read from the task beyond it").isLessThan(window / 1024 + 1);
      assertThat(sent).allSatisfy(c -> assertThat(c.cost()).isLessThanOrEqualTo(LogLimits.MAX_CHUNK_BYTES));

      streams.credit(1, 100 * 1024);
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().mapToLong(LogChunk::cost).sum() > before);
      long after = sent.stream().mapToLong(LogChunk::cost).sum();
      assertThat(after).as("credit lets exactly that much more through").isLessThanOrEqualTo(window + 100 * 1024);

      streams.cancel(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> streams.active() == 0);
      assertThat(sent).noneMatch(LogChunk::end);
    }
  }

  @Test
  void aTaskThatIsNotHereEndsTheStreamWithAnError() {
    List<LogChunk> sent = new CopyOnWriteArrayList<>();
    try (LogStreams streams = new LogStreams("w1", driverOf(new Endless(0)), Map::of, Duration.ofMillis(20))) {
      streams.open(new LogRequest(2, "nope", true, -1, "both", null, 0, 1024), c -> sent.add(c));
      await().atMost(Duration.ofSeconds(5)).until(() -> !sent.isEmpty());
      assertThat(sent.get(0).end()).isTrue();
      assertThat(sent.get(0).error()).isEqualTo("task nope is not on node w1");
    }
  }

  @Test
  void moreStreamsThanTheBoundAreRefusedAtOnce() {
    List<LogChunk> sent = new CopyOnWriteArrayList<>();
    try (LogStreams streams = new LogStreams("w1", driverOf(new Endless(0)), LogStreamCreditTest::running, Duration.ofMillis(20))) {
      for (int i = 1; i <= LogLimits.MAX_STREAMS_PER_WORKER + 1; i++) {
        streams.open(new LogRequest(i, "t1", true, -1, "both", null, 0, 1024), c -> sent.add(c));
      }
      assertThat(sent).anySatisfy(c -> assertThat(c.error()).contains("already serves " + LogLimits.MAX_STREAMS_PER_WORKER + " log streams"));
    }
  }
}
