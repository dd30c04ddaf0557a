package io.orchestrate.worker.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
  @TempDir Path dir;

  private Path file(String content) throws Exception {
    Path f = dir.resolve("log");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void lastLinesWithATrailingNewline() throws Exception {
    assertThat(LogTail.lastLines(file("a\nb\nc\n"), 2, 1 << 20)).isEqualTo("b\nc\n");
    assertThat(LogTail.lastLines(file("a\nb\nc\n"), 1, 1 << 20)).isEqualTo("c\n");
  }

  @Test
  void lastLinesWithoutATrailingNewline() throws Exception {
    assertThat(LogTail.lastLines(file("a\nb\nc"), 2, 1 << 20)).isEqualTo("b\nc");
  }

  @Test
  void moreLinesThanTheFileHasGivesTheWholeFile() throws Exception {
    assertThat(LogTail.lastLines(file("a\nb\n"), 10, 1 << 20)).isEqualTo("a\nb\n");
    assertThat(LogTail.lastLines(file(""), 10, 1 << 20)).isEmpty();
  }

  @Test
  void linesLongerThanOneChunkAreFound() throws Exception {
    String longLine = "x".repeat(20_000);
    assertThat(LogTail.lastLines(file("first\n" + longLine + "\nlast\n"), 2, 1 << 20)).isEqualTo(longLine + "\nlast\n");
  }

  @Test
  void readsNoMoreThanTheByteCap() throws Exception {
    assertThat(LogTail.lastLines(file("aaaa\nbbbb\ncccc\n"), 10, 7)).isEqualTo("b\ncccc\n");
  }
}
