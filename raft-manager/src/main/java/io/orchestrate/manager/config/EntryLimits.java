package io.orchestrate.manager.config;

import io.orchestrate.core.spec.JobSpecValidator;

/**
 * How large what a client sends may grow on its way into the log, checked against each other when
 * the manager starts so that no size a client may legally send can build an entry Raft cannot ship.
 *
 * <p>Ratis hands a follower at most {@code appenderBufferBytes} of entries per append; an entry
 * larger than that is never sent, the follower never acknowledges it, and the leader steps down
 * and retries it forever, a whole cluster stalled by one request. So: a job file is at most
 * {@code maxJobBytes}; the proposer never builds an entry over {@code maxEntryBytes}, whatever it
 * batches; and an entry must fit at most half the appender's buffer, so that a full entry and the
 * next small ones still travel together.
 *
 * @param maxJobBytes         largest job file the API accepts (413 beyond)
 * @param maxEntryBytes       largest log entry the proposer builds and the leader appends
 * @param appenderBufferBytes Ratis's byte limit for one append to a follower
 */
public record EntryLimits(int maxJobBytes, int maxEntryBytes, int appenderBufferBytes) {
  public static final int DEFAULT_MAX_JOB_BYTES = 256 * 1024;
  public static final int DEFAULT_MAX_ENTRY_BYTES = 1024 * 1024;
  public static final int DEFAULT_APPENDER_BUFFER_BYTES = 4 * 1024 * 1024;
  /**
   * Room an entry needs beyond the job file: its task ids (one per instance, at most
   * {@link JobSpecValidator#MAX_INSTANCES}, about 21 bytes each encoded), the envelope and a JSON
   * encoding that may escape some characters of the file. Twice the file plus 64 bytes an instance.
   */
  static final int BYTES_PER_INSTANCE = 64;

  public static final EntryLimits DEFAULTS = new EntryLimits(DEFAULT_MAX_JOB_BYTES, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_APPENDER_BUFFER_BYTES);

  /** Ratis's gRPC messages are at most 64 MiB by default; an append must stay well inside one. */
  public static final int MAX_APPENDER_BUFFER_BYTES = 32 * 1024 * 1024;

  /** The limits for a job file and entry size, with an appender buffer twice the entry (at least Ratis's default). */
  public static EntryLimits of(int maxJobBytes, int maxEntryBytes) {
    return new EntryLimits(maxJobBytes, maxEntryBytes, (int) Math.max(DEFAULT_APPENDER_BUFFER_BYTES, Math.min(Integer.MAX_VALUE, 2L * maxEntryBytes)));
  }

  public EntryLimits {
    if (appenderBufferBytes > MAX_APPENDER_BUFFER_BYTES) {
      throw new IllegalArgumentException("--max-entry-bytes (" + maxEntryBytes + ") needs a Raft appender buffer of " + appenderBufferBytes
          + " bytes, more than " + MAX_APPENDER_BUFFER_BYTES + " (Raft messages are at most 64 MiB)");
    }
    if (maxJobBytes < 1024) throw new IllegalArgumentException("--max-job-bytes must be at least 1024 (got " + maxJobBytes + ")");
    long needed = 2L * maxJobBytes + (long) BYTES_PER_INSTANCE * JobSpecValidator.MAX_INSTANCES;
    if (maxEntryBytes < needed) {
      throw new IllegalArgumentException("--max-entry-bytes (" + maxEntryBytes + ") must be at least twice --max-job-bytes plus "
          + BYTES_PER_INSTANCE + " bytes for each of up to " + JobSpecValidator.MAX_INSTANCES + " task ids: " + needed
          + ", so that every job the API accepts fits one entry");
    }
    if ((long) maxEntryBytes * 2 > appenderBufferBytes) {
      throw new IllegalArgumentException("--max-entry-bytes (" + maxEntryBytes + ") must be at most half of Raft's appender buffer ("
          + appenderBufferBytes + " bytes), or an entry could be too large to replicate");
    }
  }
}
