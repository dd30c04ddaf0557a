package io.orchestrate.gateway.protocol;

/**
 * The bounds of task log streaming, shared by both ends so that neither can ask the other for more.
 *
 * <p>Memory per stream: a worker sends only while it holds credit, and a manager grants credit
 * back only once a chunk's bytes left for its HTTP client; so at most {@link #WINDOW_BYTES} of one
 * stream is ever in flight or queued on the manager, whatever its client does. A chunk is far below
 * the gateway's frame limit.
 */
public final class LogLimits {
  /** The credit a stream starts with: what may be in flight between worker and HTTP client. */
  public static final int WINDOW_BYTES = 4 * 1024 * 1024;
  /** The most line bytes (by {@link LogLine#cost}) one chunk carries. */
  public static final int MAX_CHUNK_BYTES = 128 * 1024;
  /** Lines per chunk, whatever their size. */
  public static final int MAX_CHUNK_LINES = 2048;
  /** A longer line is split: a task printing megabytes without a newline must not make one huge line. */
  public static final int MAX_LINE_CHARS = 16 * 1024;
  /** The most lines {@code tail} may ask for. */
  public static final int MAX_TAIL = 100_000;
  /** Streams one worker serves at once; one more is refused with a clear error. */
  public static final int MAX_STREAMS_PER_WORKER = 64;

  private LogLimits() {}
}
