package io.orchestrate.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value loaded from files and loaded again when one of them changes: its modification time,
 * size or identity (inode; a file replaced by rename is a new one). The files are looked at on
 * {@link #get()}, at most once per interval, so a TLS handshake costs a stat now and then and
 * nothing more. A load that fails is logged and the previous value is kept: a half-finished
 * rotation (new certificate, old key) must not take a running process off the network. The first
 * load happens in the constructor and throws.
 *
 * <p>Thread-safe: handshakes on any thread call {@link #get()}; loads are serialized.
 */
final class WatchedFiles<T> {
  private static final Logger LOG = LoggerFactory.getLogger(WatchedFiles.class);

  private final List<Path> files;
  private final Function<List<Path>, T> loader;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final String what;
  private volatile T value;
  private volatile List<Object> stamps;
  private volatile long checkedAt;

  WatchedFiles(String what, List<Path> files, Function<List<Path>, T> loader, Duration interval, LongSupplier nanoTime) {
    this.what = Objects.requireNonNull(what, "what");
    this.files = List.copyOf(files);
    this.loader = Objects.requireNonNull(loader, "loader");
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    List<Object> s = stamps();
    this.value = loader.apply(this.files);
    this.stamps = s;
    this.checkedAt = nanoTime.getAsLong();
  }

  /** The current value, reloaded first if the interval has passed and a file changed. */
  T get() {
    long now = nanoTime.getAsLong();
    if (now - checkedAt >= intervalNanos) {
      synchronized (this) {
        if (now - checkedAt >= intervalNanos) {
          checkedAt = now;
          if (!stamps().equals(stamps)) reload();
        }
      }
    }
    return value;
  }

  /** Loads the files now, changed or not; true if the new value is in use. */
  synchronized boolean reload() {
    // Stamps read before the load: a file rewritten during it is seen as changed on the next check.
    List<Object> s = stamps();
    stamps = s;
    checkedAt = nanoTime.getAsLong();
    try {
      value = loader.apply(files);
      LOG.info("reloaded {} from {}", what, files);
      return true;
    } catch (RuntimeException e) {
      LOG.error("cannot reload {}; still using the previous one: {}", what, e.getMessage());
      return false;
    }
  }

  private List<Object> stamps() {
    List<Object> s = new ArrayList<>(files.size());
    for (Path f : files) {
      try {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        s.add(List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey())));
      } catch (IOException e) {
        s.add("missing");
      }
    }
    return s;
  }
}
