package io.orchestrate.worker.driver;

/**
 * When the process driver rotates a task's output file: once it would grow past {@code maxBytes}
 * it becomes {@code output.log.1} (the older ones move up to {@code .2} ...) and a new one starts;
 * beyond {@code keep} rotated files the oldest is deleted. So a task holds at most about
 * {@code (keep + 1) × maxBytes} of output on disk, however much it prints.
 *
 * @param maxBytes size at which the file is rotated
 * @param keep     rotated files kept besides the one being written
 */
public record OutputRotation(long maxBytes, int keep) {
  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
  public static final int DEFAULT_KEEP = 2;
  public static final OutputRotation DEFAULTS = new OutputRotation(DEFAULT_MAX_BYTES, DEFAULT_KEEP);
  /** More rotated files than this is a typo; the reader lists them one by one. */
  static final int MAX_KEEP = 100;

  public OutputRotation {
    if (maxBytes < 1) throw new IllegalArgumentException("worker.processLogMaxMb (--process-log-max-mb) must be positive, was " + maxBytes + " bytes");
    if (keep < 1 || keep > MAX_KEEP) {
      throw new IllegalArgumentException("worker.processLogFiles (--process-log-files) must be between 1 and " + MAX_KEEP + ", was " + keep);
    }
  }
}
