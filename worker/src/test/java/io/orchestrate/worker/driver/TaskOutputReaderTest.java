package io.orchestrate.worker.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.gateway.protocol.LogLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a task's stored output: stream selection, tail, and resuming at since + skip with no gap or repeat. */
class TaskOutputReaderTest {
  @TempDir Path dir;

  private Path file() throws Exception {
    Path f = dir.resolve("output.log");
    // Three lines share one instant: what skip is for.
    Files.writeString(f, String.join("\n",
        "2026-01-01T00:00:01Z o a",
        "2026-01-01T00:00:02Z e b",
        "2026-01-01T00:00:02Z o c",
        "2026-01-01T00:00:02Z o d",
        "2026-01-01T00:00:03Z o e",
        "2026-01-01T00:00:04Z o partial-without-newline"));
    return f;
  }

  private static List<String> texts(List<LogLine> lines) {
    return lines.stream().map(LogLine::text).toList();
  }

  @Test
  void readsWholeLinesOnlyAndLeavesALineBeingWrittenForLater() throws Exception {
    Path f = file();
    TaskOutputReader r = new TaskOutputReader(f, new LogQuery(true, -1, "both", null, 0));
    assertThat(texts(r.read(1 << 20))).containsExactly("a", "b", "c", "d", "e");
    Files.writeString(f, "\n2026-01-01T00:00:05Z e f\n", java.nio.file.StandardOpenOption.APPEND);
    assertThat(r.read(1 << 20)).extracting(LogLine::text, LogLine::stream)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("partial-without-newline", "stdout"), org.assertj.core.groups.Tuple.tuple("f", "stderr"));
    assertThat(r.finished()).as("following never finishes by itself").isFalse();
  }

  @Test
  void resumingAtSinceSkipsExactlyTheLinesAlreadySeenAtThatInstant() throws Exception {
    Path f = file();
    Instant two = Instant.parse("2026-01-01T00:00:02Z");
    assertThat(texts(new TaskOutputReader(f, new LogQuery(false, -1, "both", two, 0)).read(1 << 20))).containsExactly("b", "c", "d", "e");
    assertThat(texts(new TaskOutputReader(f, new LogQuery(false, -1, "both", two, 2)).read(1 << 20))).containsExactly("d", "e");
    assertThat(texts(new TaskOutputReader(f, new LogQuery(false, -1, "stdout", two, 1)).read(1 << 20))).containsExactly("d", "e");
  }

  @Test
  void tailCountsOnlyTheSelectedStreamAndABudgetSplitsReads() throws Exception {
    Path f = file();
    assertThat(texts(new TaskOutputReader(f, new LogQuery(false, 2, "stdout", null, 0)).read(1 << 20))).containsExactly("d", "e");
    assertThat(texts(new TaskOutputReader(f, new LogQuery(false, 1, "stderr", null, 0)).read(1 << 20))).containsExactly("b");
    assertThat(new TaskOutputReader(f, new LogQuery(false, 0, "both", null, 0)).read(1 << 20)).isEmpty();
    TaskOutputReader small = new TaskOutputReader(f, new LogQuery(false, -1, "both", null, 0));
    assertThat(texts(small.read(1))).as("one line at least, then no more than the budget").containsExactly("a");
    assertThat(texts(small.read(1 << 20))).containsExactly("b", "c", "d", "e");
    assertThat(small.finished()).isTrue();
  }
}
