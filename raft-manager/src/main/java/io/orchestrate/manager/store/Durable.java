package io.orchestrate.manager.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * fsync for files and directories. A rename is only as durable as the directory that holds it,
 * and a file's bytes only as durable as its last fsync: every path that replaces state on disk
 * syncs the new content, renames, then syncs the parent directory, in that order.
 */
public final class Durable {
  private Durable() {}

  /** Flushes one regular file's content and metadata to the device. */
  public static void syncFile(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Flushes a directory's entries (the names created, renamed or deleted in it); Linux allows fsync on a directory opened for reading. */
  public static void syncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Syncs every regular file below {@code root}, then every directory, deepest first. */
  public static void syncTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) syncFile(p);
        else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) syncDir(p);
      }
    }
  }

  /** Renames {@code from} to {@code to} atomically (same directory or file system), then syncs {@code to}'s parent. */
  public static void rename(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    syncDir(to.toAbsolutePath().getParent());
  }

  /** Replaces {@code target} with {@code content}: a reader, or a restart after a crash, sees the old or the new bytes, never a mix. */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content);
      while (b.hasRemaining()) ch.write(b);
      ch.force(true);
    }
    rename(tmp, target);
  }
}
