package io.orchestrate.core.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole directory trees on disk: data directories, snapshot staging, temporary clusters. */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code root} and everything below it, deepest first; a missing root is not an error.
   * Links are deleted, never followed. The first failure is thrown as the IOException it was.
   */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    } catch (UncheckedIOException e) {
      // Files.walk reports a directory that vanished under it this way; what is gone is what we wanted.
      if (e.getCause() instanceof NoSuchFileException) return;
      throw e.getCause();
    }
  }
}
