package io.orchestrate.worker.driver;

import io.orchestrate.gateway.protocol.LogLimits;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * A task's output file, kept by the process driver for the task (not for one copy) so that its
 * output can be followed across in-place restarts. Each line a copy prints is stored as
 * {@code <instant> <o|e> <text>\n}: the instant when the worker read it, non-decreasing within the
 * file, which is what lets a reader resume after {@code since} without a gap or a repeat.
 *
 * <p>Two pump threads per copy (stdout, stderr) append whole lines under this object's lock, so
 * lines never interleave mid-line. A line longer than {@link LogLimits#MAX_LINE_CHARS} is cut in
 * pieces; a last line without a newline is written when the copy closes its output.
 */
final class TaskOutputFile {
  static final String FILE_NAME = "output.log";
  private final Path path;
  private final Clock clock;
  private Instant last = Instant.EPOCH;

  TaskOutputFile(Path path, Clock clock) {
    this.path = path;
    this.clock = clock;
  }

  Path path() {
    return path;
  }

  /** Starts a daemon thread copying {@code in} (a copy's stdout or stderr) into the file; returns it. */
  Thread pump(InputStream in, char stream, String name) {
    Thread t = new Thread(() -> copy(in, stream), name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void copy(InputStream in, char stream) {
    try (in; OutputStream out = new FileOutputStream(path.toFile(), true)) {
      byte[] buf = new byte[8192];
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            write(out, stream, line);
          } else {
            line.write(b);
            // Bytes, not characters: a cut may split a character, which the reader shows replaced.
            if (line.size() >= LogLimits.MAX_LINE_CHARS) write(out, stream, line);
          }
        }
      }
      if (line.size() > 0) write(out, stream, line);
    } catch (IOException e) {
      // The copy closed its end, or the file went away with the task: the pump has nothing left to do.
    }
  }

  private void write(OutputStream out, char stream, java.io.ByteArrayOutputStream line) throws IOException {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.length() > LogLimits.MAX_LINE_CHARS) text = text.substring(0, LogLimits.MAX_LINE_CHARS);
    synchronized (this) {
      Instant now = clock.instant();
      if (now.isBefore(last)) now = last; // a clock step back must not reorder the file
      last = now;
      out.write((now + " " + stream + " " + text + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The last instant in an existing file, so that a new copy's lines never sort before an old copy's. */
  void resumeClock() {
    try {
      if (!Files.exists(path)) return;
      String tail = LogTail.lastLines(path, 1, 64 * 1024).strip();
      int sp = tail.indexOf(' ');
      if (sp > 0) last = Instant.parse(tail.substring(0, sp));
    } catch (IOException | RuntimeException e) {
      // An unreadable last line only costs the guard against a clock stepping back.
    }
  }
}
