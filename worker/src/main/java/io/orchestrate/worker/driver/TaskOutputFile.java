package io.orchestrate.worker.driver;

import io.orchestrate.gateway.protocol.LogLimits;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;

/**
 * A task's output file, kept by the process driver for the task (not for one copy) so that its
 * output can be followed across in-place restarts. Each line a copy prints is stored as
 * {@code <instant> <o|e> <text>\n}: the instant when the worker read it, non-decreasing within the
 * file, which is what lets a reader resume after {@code since} without a gap or a repeat.
 *
 * <p>The file is rotated by {@link OutputRotation}: a line that would take it past the size starts
 * a new one, so rotated files end with a whole line and instants stay non-decreasing across them
 * ({@link TaskOutputReader} reads them in order).
 *
 * <p>Two pump threads per copy (stdout, stderr) append whole lines through one stream under this
 * object's lock, which guards every field, so lines never interleave mid-line and a rotation
 * never cuts one. A line longer than {@link LogLimits#MAX_LINE_CHARS} is cut in pieces; a last line
 * without a newline is written when the copy closes its output. The stream is closed when the last
 * pump ends.
 */
final class TaskOutputFile {
  static final String FILE_NAME = "output.log";
  private final Path path;
  private final Clock clock;
  private final OutputRotation rotation;
  private Instant last = Instant.EPOCH;
  private OutputStream out;
  /** Bytes in the current file. */
  private long size;
  /** Bytes in files rotated away since this object was made: with {@link #size}, where the output has got to. */
  private long rotatedBytes;
  private int pumps;

  TaskOutputFile(Path path, Clock clock, OutputRotation rotation) {
    this.path = path;
    this.clock = clock;
    this.rotation = rotation;
  }

  Path path() {
    return path;
  }

  /** Starts a daemon thread copying {@code in} (a copy's stdout or stderr) into the file; returns it. */
  Thread pump(InputStream in, char stream, String name) {
    synchronized (this) {
      pumps++;
    }
    Thread t = new Thread(() -> copy(in, stream), name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void copy(InputStream in, char stream) {
    try (in) {
      byte[] buf = new byte[8192];
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            write(stream, line);
          } else {
            line.write(b);
            // Bytes, not characters: a cut may split a character, which the reader shows replaced.
            if (line.size() >= LogLimits.MAX_LINE_CHARS) write(stream, line);
          }
        }
      }
      if (line.size() > 0) write(stream, line);
    } catch (IOException e) {
      // The copy closed its end, or the file went away with the task: the pump has nothing left to do.
    } finally {
      pumpEnded();
    }
  }

  private void write(char stream, java.io.ByteArrayOutputStream line) throws IOException {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.length() > LogLimits.MAX_LINE_CHARS) text = text.substring(0, LogLimits.MAX_LINE_CHARS);
    synchronized (this) {
      Instant now = clock.instant();
      if (now.isBefore(last)) now = last; // a clock step back must not reorder the file
      last = now;
      byte[] bytes = (now + " " + stream + " " + text + "\n").getBytes(StandardCharsets.UTF_8);
      if (out == null) open();
      if (size > 0 && size + bytes.length > rotation.maxBytes()) rotate();
      out.write(bytes);
      size += bytes.length;
    }
  }

  private void open() throws IOException {
    out = new FileOutputStream(path.toFile(), true);
    size = Files.size(path);
  }

  /** Closed first, renamed after: a reader that sees the file renamed knows nothing more will be written to it. */
  private void rotate() throws IOException {
    out.close();
    out = null;
    Files.deleteIfExists(OutputSegments.rotated(path, rotation.keep()));
    for (int i = rotation.keep() - 1; i >= 1; i--) {
      Path from = OutputSegments.rotated(path, i);
      if (Files.exists(from)) Files.move(from, OutputSegments.rotated(path, i + 1), StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(path, OutputSegments.rotated(path, 1), StandardCopyOption.ATOMIC_MOVE);
    rotatedBytes += size;
    open();
  }

  private synchronized void pumpEnded() {
    if (--pumps > 0 || out == null) return;
    try {
      out.close();
    } catch (IOException e) {
      // Appends only: every line was written before, and the next pump opens the file again.
    }
    out = null;
  }

  /** Where the output has got to, in bytes, counting rotated files: a copy's output starts at its value when it started. */
  synchronized long offset() {
    return rotatedBytes + size;
  }

  /**
   * Picks up an existing file: its size, and its last instant, so that a new copy's lines never
   * sort before an old copy's (looked for in the newest rotated file if the current one is empty).
   */
  synchronized void resume() {
    try {
      size = Files.exists(path) ? Files.size(path) : 0;
      Path newest = size > 0 ? path : OutputSegments.rotated(path, 1);
      if (!Files.exists(newest)) return;
      String tail = LogTail.lastLines(newest, 1, 64 * 1024).strip();
      int sp = tail.indexOf(' ');
      if (sp > 0) last = Instant.parse(tail.substring(0, sp));
    } catch (IOException | RuntimeException e) {
      // An unreadable last line only costs the guard against a clock stepping back.
    }
  }
}
