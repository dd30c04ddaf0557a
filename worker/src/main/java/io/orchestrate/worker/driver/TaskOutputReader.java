package io.orchestrate.worker.driver;

import io.orchestrate.gateway.protocol.LogLine;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link TaskOutputFile} from a position, line by line, only as far as it is asked to:
 * the file is the buffer, so a reader that is not read holds nothing. A line still being
 * written (no newline yet) is left for the next read. One stream thread.
 */
final class TaskOutputReader implements LogSource {
  private static final int READ_BYTES = 64 * 1024;
  private final Path path;
  private final LogQuery query;
  private final ResumeFilter resume;
  private long position;
  private boolean atEnd;
  private RandomAccessFile file;
  private final byte[] buf = new byte[READ_BYTES];

  TaskOutputReader(Path path, LogQuery query) throws IOException {
    this.path = path;
    this.query = query;
    if (query.tail() >= 0 && Files.exists(path)) {
      // The tail is counted among the lines the query wants; from there on every such line is new.
      this.position = tailStart(path, query);
      this.resume = new ResumeFilter(null, 0);
    } else {
      this.resume = new ResumeFilter(query.since(), query.skip());
    }
  }

  /** Where the last {@code tail} wanted lines begin: one pass over the file, remembering that many offsets. */
  private static long tailStart(Path path, LogQuery q) throws IOException {
    if (q.tail() == 0) return Files.size(path);
    ArrayDeque<Long> ring = new ArrayDeque<>();
    ResumeFilter filter = new ResumeFilter(q.since(), q.skip());
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
      long length = f.length();
      boolean wholeLast = false;
      if (length > 0) {
        f.seek(length - 1);
        wholeLast = f.read() == '\n';
        f.seek(0);
      }
      long offset = 0;
      String line;
      while ((line = f.readLine()) != null) {
        long start = offset;
        offset = f.getFilePointer();
        // A last line still being written is not a line yet; the reader starts at it if nothing follows.
        if (offset == length && !wholeLast) {
          offset = start;
          break;
        }
        Parsed p = parse(line);
        if (p == null || !q.wants(p.stream) || !filter.admit(p.ts)) continue;
        ring.addLast(start);
        if (ring.size() > q.tail()) ring.removeFirst();
      }
      return ring.isEmpty() ? offset : ring.peekFirst();
    }
  }

  private record Parsed(Instant ts, String stream, int textAt) {}

  /** {@code line} as RandomAccessFile reads it (one char per byte); null if it is not a stored line. */
  private static Parsed parse(String line) {
    int a = line.indexOf(' ');
    if (a < 0 || line.length() < a + 3) return null;
    Instant ts;
    try {
      ts = Instant.parse(line.substring(0, a));
    } catch (RuntimeException e) {
      return null;
    }
    char s = line.charAt(a + 1);
    String stream = s == 'e' ? LogLine.STDERR : s == 'o' ? LogLine.STDOUT : null;
    if (stream == null) return null;
    return new Parsed(ts, stream, a + 3);
  }

  @Override
  public List<LogLine> read(long maxBytes) throws DriverException {
    List<LogLine> out = new ArrayList<>();
    try {
      if (file == null) {
        if (!Files.exists(path)) return out;
        file = new RandomAccessFile(path.toFile(), "r");
      }
      long spent = 0;
      atEnd = false;
      while (true) {
        file.seek(position);
        int n = file.read(buf);
        if (n <= 0) {
          atEnd = true;
          return out;
        }
        int start = 0;
        boolean any = false;
        for (int i = 0; i < n; i++) {
          if (buf[i] != '\n') continue;
          any = true;
          String raw = new String(buf, start, i - start, StandardCharsets.UTF_8);
          Parsed p = parse(raw);
          if (p != null && query.wants(p.stream) && resume.admit(p.ts)) {
            String text = raw.length() >= p.textAt ? raw.substring(p.textAt) : "";
            LogLine l = new LogLine(p.ts, p.stream, text.length() > io.orchestrate.gateway.protocol.LogLimits.MAX_LINE_CHARS
                ? text.substring(0, io.orchestrate.gateway.protocol.LogLimits.MAX_LINE_CHARS) : text);
            if (!out.isEmpty() && spent + l.cost() > maxBytes) return out; // this line is read again next time
            out.add(l);
            spent += l.cost();
          }
          position += i + 1 - start;
          start = i + 1;
        }
        if (!any) {
          // No whole line in a full buffer cannot happen (lines are bounded below it); a partial one waits.
          atEnd = true;
          return out;
        }
      }
    } catch (IOException e) {
      throw new DriverException("cannot read task output " + path + ": " + e.getMessage(), e);
    }
  }

  /** Not following: done once a read reached the end. Following, the stream decides when the task has ended. */
  @Override
  public boolean finished() {
    return !query.follow() && atEnd;
  }

  @Override
  public void close() {
    try {
      if (file != null) file.close();
    } catch (IOException ignored) {
      // Read-only: nothing is lost.
    }
  }
}
