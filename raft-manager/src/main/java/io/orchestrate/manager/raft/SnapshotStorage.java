package io.orchestrate.manager.raft;

import io.orchestrate.core.util.FileTrees;
import io.orchestrate.manager.store.Durable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * Snapshots are RocksDB checkpoints, one directory each: {@code <sm>/snapshots/snapshot.<term>_<index>/}.
 * The live database lives beside them in {@code <sm>/db} or {@code <sm>/db.<n>} (see
 * {@link io.orchestrate.manager.store.StoreSwap}), never inside the snapshot directory,
 * because a follower that installs a snapshot from the leader has Ratis replace the whole snapshot
 * directory. A snapshot directory appears by atomic rename only, so one that exists is complete.
 */
public final class SnapshotStorage implements StateMachineStorage {
  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  private volatile Path smDir;
  private volatile FileListSnapshotInfo latest;

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    this.smDir = raftStorage.getStorageDir().getStateMachineDir().toPath();
    Files.createDirectories(snapshotsDir());
    refresh();
  }

  public Path stateMachineDir() {
    return smDir;
  }

  public Path snapshotsDir() {
    return smDir.resolve("snapshots");
  }

  public static String dirName(TermIndex ti) {
    return "snapshot." + ti.getTerm() + "_" + ti.getIndex();
  }

  /**
   * Re-reads the snapshot directory; called after a snapshot was taken or installed. The
   * directory is synced first: a snapshot reported here lets Ratis purge the log up to its index,
   * so the rename that put it in place must survive a power loss.
   */
  public void refresh() throws IOException {
    if (Files.isDirectory(snapshotsDir())) Durable.syncDir(snapshotsDir());
    Path best = null;
    TermIndex bestTi = null;
    Path dir = snapshotsDir();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          TermIndex ti = parse(p);
          if (ti != null && (bestTi == null || ti.compareTo(bestTi) > 0)) {
            best = p;
            bestTi = ti;
          }
        }
      }
    }
    latest = best == null ? null : new FileListSnapshotInfo(files(best), bestTi);
  }

  private static TermIndex parse(Path p) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    if (!Files.isDirectory(p) || !m.matches()) return null;
    return TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  private static List<FileInfo> files(Path dir) throws IOException {
    List<FileInfo> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : (Iterable<Path>) s.sorted()::iterator) {
        // Ratis writes an .md5 beside each file it installs; the leader must not ship those again.
        if (Files.isRegularFile(f) && !f.getFileName().toString().endsWith(".md5")) {
          out.add(new FileInfo(f.toAbsolutePath(), null));
        }
      }
    }
    return out;
  }

  /** The directory of the latest snapshot, or null. */
  public Path latestDir() {
    FileListSnapshotInfo l = latest;
    return l == null ? null : snapshotsDir().resolve(dirName(l.getTermIndex()));
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return latest;
  }

  @Override
  public void format() {}

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = Math.max(1, policy.getNumSnapshotsRetained());
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.list(snapshotsDir())) {
      s.filter(p -> parse(p) != null).forEach(all::add);
    }
    all.sort(Comparator.comparing(SnapshotStorage::parse).reversed());
    for (int i = keep; i < all.size(); i++) FileTrees.deleteRecursively(all.get(i));
  }

  @Override
  public File getSnapshotDir() {
    return snapshotsDir().toFile();
  }
}
