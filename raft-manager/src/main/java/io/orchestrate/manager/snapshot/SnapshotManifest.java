package io.orchestrate.manager.snapshot;

import java.util.List;

/**
 * The first entry of a snapshot file: what it holds and the checksum that proves it is whole.
 *
 * @param format       always {@value #FORMAT}
 * @param version      format version, {@value #VERSION}
 * @param clusterName  the cluster it was taken from; restore refuses another name unless told
 * @param managerId    the manager that answered the save
 * @param appliedIndex the Raft log index the state reflects
 * @param term         the Raft term of that index
 * @param createdAt    when it was taken, ISO-8601 UTC
 * @param files        the RocksDB checkpoint's files, in the order they follow in the archive
 * @param sha256       SHA-256 over the fields above and every file's name, size and bytes
 */
public record SnapshotManifest(
    String format,
    int version,
    String clusterName,
    String managerId,
    long appliedIndex,
    long term,
    String createdAt,
    List<FileEntry> files,
    String sha256) {
  public static final String FORMAT = "orchestrate-snapshot";
  public static final int VERSION = 1;

  public SnapshotManifest {
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** One checkpoint file and its size in bytes. */
  public record FileEntry(String name, long size) {}

  public SnapshotManifest withSha256(String sum) {
    return new SnapshotManifest(format, version, clusterName, managerId, appliedIndex, term, createdAt, files, sum);
  }
}
