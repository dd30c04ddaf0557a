package io.orchestrate.worker.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.gateway.protocol.LogLine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's output file rotated by size: at most the kept count of rotated files besides the
 * current one, none much over the size, and a reader that tails, resumes and follows across them
 * in order, once each line.
 */
class TaskOutputRotationTest {
  /** Each stored line is 24 (instant) + 3 (" o ") + 9 ("line-NNN\n") = 36 bytes: four fit in 150, five do not. */
  private static final OutputRotation FOUR_LINES_A_FILE = new OutputRotation(150, 2);
  @TempDir Path dir;

  /** A millisecond later at every look, so each line has its own instant. */
  private static final class TickingClock extends Clock {
    private long millis = Instant.parse("2026-01-01T00:00:00.001Z").toEpochMilli();

    @Override
    public synchronized Instant instant() {
      return Instant.ofEpochMilli(millis++);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private TaskOutputFile output;

  @BeforeEach
  void newOutput() {
    output = new TaskOutputFile(dir.resolve(TaskOutputFile.FILE_NAME), new TickingClock(), FOUR_LINES_A_FILE);
  }

  /** Writes lines {@code from}..{@code to} (inclusive) as one copy's stdout, and waits until they are in the file. */
  private void print(int from, int to) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i <= to; i++) sb.append(String.format("line-%03d%n", i));
    Thread pump = output.pump(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), 'o', "test-pump");
    pump.join(10_000);
    assertThat(pump.isAlive()).isFalse();
  }

  private static List<String> lines(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> String.format("line-%03d", i)).toList();
  }

  private static List<String> texts(List<LogLine> lines) {
    return lines.stream().map(LogLine::text).toList();
  }

  private static List<String> readAll(TaskOutputReader r) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      List<LogLine> got = r.read(100);
      if (got.isEmpty()) break;
      out.addAll(texts(got));
    }
    return out;
  }

  @Test
  void aChattyTaskKeepsTheCurrentFileAndTheKeptRotatedOnesOnlyEachUnderTheSize() throws Exception {
    print(1, 30);
    Path current = output.path();
    assertThat(current).exists();
    assertThat(OutputSegments.rotated(current, 1)).exists();
    assertThat(OutputSegments.rotated(current, 2)).exists();
    assertThat(OutputSegments.rotated(current, 3)).doesNotExist();
    for (OutputSegments.Segment s : OutputSegments.list(current)) assertThat(Files.size(s.path())).isLessThanOrEqualTo(150);
    // 30 lines, 4 a file: 28 in seven rotated files and 2 in the current one; the two newest rotated are kept.
    assertThat(Files.readAllLines(current)).hasSize(2);
    assertThat(readAll(new TaskOutputReader(current, new LogQuery(false, -1, "both", null, 0)))).isEqualTo(lines(21, 30));
  }

  @Test
  void tailAndSinceReachBackIntoTheRotatedFiles() throws Exception {
    print(1, 10); // .1 holds 5..8, the current file 9..10
    Path current = output.path();
    assertThat(readAll(new TaskOutputReader(current, new LogQuery(false, 5, "both", null, 0)))).isEqualTo(lines(6, 10));
    assertThat(readAll(new TaskOutputReader(current, new LogQuery(false, 0, "both", null, 0)))).isEmpty();

    List<LogLine> all = new TaskOutputReader(current, new LogQuery(false, -1, "both", null, 0)).read(1 << 20);
    assertThat(texts(all)).isEqualTo(lines(1, 10));
    Instant sixth = Instant.parse(all.get(5).ts());
    assertThat(readAll(new TaskOutputReader(current, new LogQuery(false, -1, "both", sixth, 0)))).isEqualTo(lines(6, 10));
    assertThat(readAll(new TaskOutputReader(current, new LogQuery(false, -1, "both", sixth, 1)))).isEqualTo(lines(7, 10));
  }

  @Test
  void aFollowingReaderGoesOnIntoTheNewFileAfterEachRotationWithNoGapOrRepeat() throws Exception {
    Path current = output.path();
    TaskOutputReader follower = new TaskOutputReader(current, new LogQuery(true, -1, "both", null, 0));
    print(1, 3);
    List<String> seen = new ArrayList<>(readAll(follower));
    // Two rotations while the follower reads nothing: its file is now .2, and two newer ones follow it.
    print(4, 10);
    seen.addAll(readAll(follower));
    print(11, 12);
    seen.addAll(readAll(follower));
    assertThat(seen).isEqualTo(lines(1, 12));
    assertThat(follower.finished()).isFalse();
  }

  @Test
  void aNewWriterOfAnExistingTaskCarriesOnRotatingFromTheFileItFinds() throws Exception {
    print(1, 3);
    TaskOutputFile again = new TaskOutputFile(output.path(), new TickingClock(), FOUR_LINES_A_FILE);
    again.resume();
    Thread pump = again.pump(new ByteArrayInputStream("line-004\nline-005\n".getBytes(StandardCharsets.UTF_8)), 'o', "second");
    pump.join(10_000);
    assertThat(Files.readAllLines(OutputSegments.rotated(output.path(), 1))).hasSize(4);
    assertThat(Files.readAllLines(output.path())).hasSize(1);
    assertThat(again.offset()).isEqualTo(5 * 36);
  }
}
