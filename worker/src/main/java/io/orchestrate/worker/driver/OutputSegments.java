package io.orchestrate.worker.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The files of one task's output, oldest first: {@code output.log.N} ... {@code output.log.1}, then
 * {@code output.log} (see {@link OutputRotation}). Each is named with its file key (device and
 * inode), which a rename keeps: a reader holding a file open finds where it went after a rotation
 * and what comes next, whatever the names say by then.
 */
final class OutputSegments {
  /** One file of the output; {@code key} is null only where the file system has no keys. */
  record Segment(Path path, Object key) {}

  private OutputSegments() {}

  /** {@code output.log.i}: the {@code i}th newest rotated file. */
  static Path rotated(Path current, int i) {
    return current.resolveSibling(current.getFileName() + "." + i);
  }

  /** The existing files, oldest first; the current file last if it exists. */
  static List<Segment> list(Path current) throws IOException {
    List<Segment> newestFirst = new ArrayList<>();
    Segment c = segment(current);
    if (c != null) newestFirst.add(c);
    for (int i = 1; i <= OutputRotation.MAX_KEEP; i++) {
      Segment s = segment(rotated(current, i));
      if (s == null) break;
      newestFirst.add(s);
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** {@code path} with its key, or null if there is no such file. */
  static Segment segment(Path path) throws IOException {
    try {
      return new Segment(path, Files.readAttributes(path, BasicFileAttributes.class).fileKey());
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Where the file with {@code key} is in {@code segments}, or -1 if it is gone. */
  static int indexOf(List<Segment> segments, Object key) {
    for (int i = 0; i < segments.size(); i++) {
      if (key != null && key.equals(segments.get(i).key())) return i;
    }
    return -1;
  }
}
