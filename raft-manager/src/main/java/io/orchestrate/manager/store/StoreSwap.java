package io.orchestrate.manager.store;

import io.orchestrate.core.util.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which directory of the state machine directory holds the live state store, and how it is
 * replaced by a snapshot without ever leaving no store, or half of one.
 *
 * <p>Layout: {@code db} is the store as first created; {@code db.<n>} is a store put in place by
 * a restore ({@code n} grows by one each time); the file {@code db.current} names the live one
 * and its absence means {@code db}. A replacement copies the snapshot into a new {@code db.<n>}
 * beside the live store, fsyncs its files and directory, writes and fsyncs {@code db.current.tmp},
 * then renames it over {@code db.current} (the one commit point) and fsyncs the directory; only
 * then is the previous store deleted. A crash before the rename leaves the old store live and the
 * new directory a leftover; a crash after it leaves the new store live and the old one a
 * leftover. {@link #recover} deletes whatever {@code db.current} does not name, so a restart after
 * a crash at any step opens exactly the old or exactly the new state.
 *
 * <p>The pointer, rather than renaming directories, lets a new store be opened at its final path
 * before the switch: RocksDB keeps writing under the path it was opened with, so a store opened in
 * a temporary directory could not be renamed into place while open.
 *
 * <p>Used by the state machine's start and snapshot installation, both on the Ratis state-machine
 * thread; not thread-safe.
 */
public final class StoreSwap {
  private static final Logger LOG = LoggerFactory.getLogger(StoreSwap.class);
  static final String FIRST = "db";
  static final String POINTER = "db.current";
  private static final Pattern STORE_NAME = Pattern.compile("db(?:\\.(\\d{1,9}))?");
  /** Directories the state machine writes beside the store and renames or deletes when done. */
  private static final Pattern SCRATCH_NAME = Pattern.compile("(checkpoint|backup)-[0-9a-f-]{36}");

  /** The points a replacement passes, in order; tests stop at each to play a crash there. */
  public enum Step {
    /** The first file of the snapshot is copied into the new directory. */
    COPYING,
    /** Every file is copied, nothing synced yet. */
    COPIED,
    /** Files and directory synced; the old store is still live. */
    SYNCED,
    /** {@code db.current.tmp} written and synced, not yet renamed. */
    POINTER_WRITTEN,
    /** {@code db.current} names the new store; the old one still exists. */
    SWITCHED,
    /** Part of the old store is deleted. */
    RETIRING
  }

  /** Called at each {@link Step}; a test throws from it to stop the replacement there as a crash would. */
  @FunctionalInterface
  interface CrashPoint {
    CrashPoint NONE = step -> {};

    void reached(Step step) throws IOException;
  }

  private final Path smDir;
  private final CrashPoint crash;

  public StoreSwap(Path smDir) {
    this(smDir, CrashPoint.NONE);
  }

  StoreSwap(Path smDir, CrashPoint crash) {
    this.smDir = smDir;
    this.crash = crash;
  }

  /** The directory of the live store (which may not exist yet on a new manager). */
  public Path live() throws IOException {
    Path pointer = smDir.resolve(POINTER);
    String name;
    try {
      name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return smDir.resolve(FIRST);
    }
    if (!STORE_NAME.matcher(name).matches()) {
      throw new IOException(pointer + " names '" + name + "', which is not a state store directory (db or db.<n>)");
    }
    return smDir.resolve(name);
  }

  /** Whether {@code dir} is the live store; false also when {@code db.current} cannot be read. */
  public boolean isLive(Path dir) {
    try {
      return live().equals(dir);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Resolves what a crash may have left, on start before the store is opened: an unrenamed
   * pointer, store directories the pointer does not name (a replacement that never committed, or
   * the previous store of one that did), and scratch directories of checkpoints. Logs each.
   */
  public void recover() throws IOException {
    Files.deleteIfExists(smDir.resolve(POINTER + ".tmp"));
    Path live = live();
    // A new manager has neither the pointer nor a store yet: nothing is missing then.
    if (!Files.isDirectory(live) && Files.exists(smDir.resolve(POINTER))) {
      LOG.warn("the live state store {} named by {} does not exist", live, smDir.resolve(POINTER));
    }
    for (Path p : list()) {
      String name = p.getFileName().toString();
      if (STORE_NAME.matcher(name).matches() && !p.equals(live)) {
        LOG.info("removing {}: a state store left by an interrupted restore (the live one is {})", p, live.getFileName());
        FileTrees.deleteRecursively(p);
      } else if (SCRATCH_NAME.matcher(name).matches()) {
        LOG.info("removing {}: a checkpoint left unfinished by a stop", p);
        FileTrees.deleteRecursively(p);
      }
    }
  }

  /**
   * Copies the checkpoint at {@code checkpointDir} into a new store directory beside the live one
   * and makes it durable; the live store is untouched. Files Ratis adds next to a snapshot it
   * installed ({@code *.md5}) are left out.
   */
  public Path stage(Path checkpointDir) throws IOException {
    Path target = smDir.resolve(FIRST + "." + (highestNumber() + 1));
    Files.createDirectory(target);
    try {
      boolean first = true;
      try (Stream<Path> files = Files.list(checkpointDir)) {
        for (Path f : (Iterable<Path>) files.sorted()::iterator) {
          String name = f.getFileName().toString();
          if (name.endsWith(".md5") || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
          Files.copy(f, target.resolve(name));
          if (first) crash.reached(Step.COPYING);
          first = false;
        }
      }
      crash.reached(Step.COPIED);
      Durable.syncTree(target);
      Durable.syncDir(smDir);
    } catch (IOException e) {
      FileTrees.deleteRecursively(target);
      throw new IOException("cannot copy snapshot " + checkpointDir + " into " + target + ": " + e.getMessage(), e);
    }
    crash.reached(Step.SYNCED);
    return target;
  }

  /** Makes {@code staged} the live store; the rename of {@code db.current} is the commit point. Returns the previous live directory. */
  public Path commit(Path staged) throws IOException {
    Path previous = live();
    Path tmp = smDir.resolve(POINTER + ".tmp");
    Files.deleteIfExists(tmp);
    Files.writeString(tmp, staged.getFileName() + "\n", StandardCharsets.UTF_8);
    Durable.syncFile(tmp);
    crash.reached(Step.POINTER_WRITTEN);
    Durable.rename(tmp, smDir.resolve(POINTER));
    crash.reached(Step.SWITCHED);
    return previous;
  }

  /** Deletes a store that is no longer live (the previous one after {@link #commit}, or a staged one given up). */
  public void discard(Path dir) throws IOException {
    if (dir.equals(live())) throw new IllegalStateException(dir + " is the live state store");
    Path first = null;
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        first = files.findFirst().orElse(null);
      }
    }
    if (first != null) {
      Files.deleteIfExists(first);
      crash.reached(Step.RETIRING);
    }
    FileTrees.deleteRecursively(dir);
  }

  /** Stages, commits and retires in one go, then opens the new store: the start-up path, when no store is open. */
  public ManagerStore replace(Path checkpointDir) throws IOException {
    Path staged = stage(checkpointDir);
    Path previous = commit(staged);
    if (Files.exists(previous, LinkOption.NOFOLLOW_LINKS)) discard(previous);
    return ManagerStore.open(staged);
  }

  private List<Path> list() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(smDir)) {
      s.forEach(out::add);
    }
    return out;
  }

  private long highestNumber() throws IOException {
    long max = 0;
    for (Path p : list()) {
      Matcher m = STORE_NAME.matcher(p.getFileName().toString());
      if (m.matches() && m.group(1) != null) max = Math.max(max, Long.parseLong(m.group(1)));
    }
    return max;
  }
}
