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
 *
 * <p>Across rotations ({@link OutputRotation}): a reader starts in the oldest file it needs and
 * goes on to the next when it reaches the end of one that is no longer the current file, found by
 * its file key ({@link OutputSegments}); a rotation only ever renames a file after its last line,
 * so one more read after seeing it renamed takes every line it holds. A reader that falls so far
 * behind that its next file was deleted goes on with the oldest one left.
 */
final class TaskOutputReader implements LogSource {
  private static final int READ_BYTES = 64 * 1024;
  /** Tries at opening the file to start in, should rotations keep renaming it under the reader. */
  private static final int OPEN_ATTEMPTS = 5;
  private final Path path;
  private final LogQuery query;
  private final ResumeFilter resume;
  private boolean atEnd;
  private RandomAccessFile file;
  private Object fileKey;
  private long position;
  private final byte[] buf = new byte[READ_BYTES];

  TaskOutputReader(Path path, LogQuery query) throws IOException {
    this.path = path;
    this.query = query;
    if (query.tail() >= 0) {
      // The tail is counted among the lines the query wants; from there on every such line is new.
      this.resume = new ResumeFilter(null, 0);
      openTail();
    } else {
      this.resume = new ResumeFilter(query.since(), query.skip());
    }
  }

  /** Where the last {@code tail} wanted lines begin, over every file, oldest first; opened there. */
  private void openTail() throws IOException {
    for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
      List<OutputSegments.Segment> segments = OutputSegments.list(path);
      if (segments.isEmpty()) return;
      ArrayDeque<long[]> ring = new ArrayDeque<>(); // {segment index, offset}
      ResumeFilter filter = new ResumeFilter(query.since(), query.skip());
      long endOfLast = 0;
      for (int i = 0; i < segments.size(); i++) endOfLast = scan(segments.get(i).path(), i, filter, ring);
      long[] start = ring.isEmpty() ? new long[] {segments.size() - 1, endOfLast} : ring.peekFirst();
      if (open(segments.get((int) start[0]), start[1])) return;
    }
    throw new IOException("the output files of " + path.getParent() + " kept rotating while the reader opened them");
  }

  /** Notes in {@code ring} where each wanted line of {@code file} starts, keeping the last {@code tail}; returns where the last whole line ends. */
  private long scan(Path file, int index, ResumeFilter filter, ArrayDeque<long[]> ring) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
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
        if (offset == length && !wholeLast) return start;
        Parsed p = parse(line);
        if (p == null || !query.wants(p.stream) || !filter.admit(p.ts)) continue;
        ring.addLast(new long[] {index, start});
        if (ring.size() > query.tail()) ring.removeFirst();
      }
      return offset;
    } catch (java.io.FileNotFoundException e) {
      return 0; // rotated away mid-scan: the key check on opening notices and the scan starts over
    }
  }

  /** Opens {@code s} at {@code at}; false if its path names another file by now (a rotation came between). */
  private boolean open(OutputSegments.Segment s, long at) throws IOException {
    RandomAccessFile f;
    try {
      f = new RandomAccessFile(s.path().toFile(), "r");
    } catch (java.io.FileNotFoundException e) {
      return false;
    }
    OutputSegments.Segment now = OutputSegments.segment(s.path());
    if (now == null || !java.util.Objects.equals(now.key(), s.key())) {
      f.close();
      return false;
    }
    close();
    file = f;
    fileKey = s.key();
    position = at;
    return true;
  }

  /** The oldest file, at its start: where a reader without a tail begins. False while there is none. */
  private boolean openFirst() throws IOException {
    for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
      List<OutputSegments.Segment> segments = OutputSegments.list(path);
      if (segments.isEmpty()) return false;
      if (open(segments.get(0), 0)) return true;
    }
    return false;
  }

  /** The file after the one being read, or null while that one is still the current file. */
  private OutputSegments.Segment next() throws IOException {
    List<OutputSegments.Segment> segments = OutputSegments.list(path);
    if (segments.isEmpty()) return null;
    int i = OutputSegments.indexOf(segments, fileKey);
    if (i == segments.size() - 1) return null;
    if (i < 0 && fileKey == null) return null; // no file keys here: rotations cannot be followed
    return segments.get(i + 1); // i = -1: ours was deleted, so the oldest left comes next
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
      atEnd = false;
      if (file == null && !openFirst()) {
        atEnd = true;
        return out;
      }
      long[] spent = {0};
      // Each pass moves on to a newer file; more passes than files there can be means they rotate faster than this reads.
      for (int pass = 0; pass <= OutputRotation.MAX_KEEP + 1; pass++) {
        if (readFile(out, maxBytes, spent)) return out;
        OutputSegments.Segment next = next();
        if (next == null) break;
        // Renamed, so closed by the writer: what it wrote after the read above is there now.
        if (readFile(out, maxBytes, spent)) return out;
        if (!open(next, 0)) break; // renamed again already: the next read finds where it went
      }
      atEnd = true;
      return out;
    } catch (IOException e) {
      throw new DriverException("cannot read task output " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads whole lines of the open file into {@code out}; true if {@code maxBytes} stopped it before the file's end. */
  private boolean readFile(List<LogLine> out, long maxBytes, long[] spent) throws IOException {
    while (true) {
      file.seek(position);
      int n = file.read(buf);
      if (n <= 0) return false;
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
          if (!out.isEmpty() && spent[0] + l.cost() > maxBytes) return true; // this line is read again next time
          out.add(l);
          spent[0] += l.cost();
        }
        position += i + 1 - start;
        start = i + 1;
      }
      // No whole line in a full buffer cannot happen (lines are bounded below it); a partial one waits.
      if (!any) return false;
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
