package io.orchestrate.gateway.protocol;

import java.time.Instant;

/**
 * The manager asks a worker for a task's output. The worker answers with {@link LogChunk}s under
 * the same {@code streamId}, spending {@code credit} and what {@link LogCredit} adds, until the
 * output ends, the manager sends {@link LogCancel}, or the connection closes. Not a leader
 * message: it changes nothing on the worker, so it needs no term fence.
 *
 * @param streamId the manager's id for this stream, unique on the connection
 * @param taskId   the task whose output is wanted
 * @param follow   keep the stream open for new lines, across in-place restarts of the task
 * @param tail     only the last {@code tail} lines that match; -1 for all
 * @param stream   "stdout", "stderr" or "both"
 * @param since    an ISO-8601 instant: only lines at or after this instant; null for no bound
 * @param skip     of the lines at exactly {@code since}, leave out the first {@code skip} (a
 *                 resuming reader already has them)
 * @param credit   bytes (by {@link LogLine#cost}) the worker may send before more credit comes
 */
public record LogRequest(long streamId, String taskId, boolean follow, int tail, String stream, String since, int skip, long credit)
    implements ManagerMessage {
  public static final String BOTH = "both";

  public LogRequest {
    Checks.positive(streamId, "logRequest.streamId");
    Checks.text(taskId, "logRequest.taskId");
    if (tail < -1 || tail > LogLimits.MAX_TAIL) throw new IllegalArgumentException("logRequest.tail must be -1 or 0.." + LogLimits.MAX_TAIL + ", was " + tail);
    if (stream == null) stream = BOTH;
    if (!stream.equals(BOTH) && !stream.equals(LogLine.STDOUT) && !stream.equals(LogLine.STDERR)) {
      throw new IllegalArgumentException("logRequest.stream must be stdout, stderr or both, was " + stream);
    }
    if (since != null) Checks.instant(since, "logRequest.since");
    Checks.notNegative(skip, "logRequest.skip");
    if (skip > 0 && since == null) throw new IllegalArgumentException("logRequest.skip needs since");
    Checks.positive(credit, "logRequest.credit");
    if (credit > LogLimits.WINDOW_BYTES) throw new IllegalArgumentException("logRequest.credit must be at most " + LogLimits.WINDOW_BYTES + ", was " + credit);
  }

  /** {@code since} as an instant, or null. */
  public Instant sinceInstant() {
    return since == null ? null : Instant.parse(since);
  }

  /** Whether a line of this stream is wanted. */
  public boolean wants(String lineStream) {
    return stream.equals(BOTH) || stream.equals(lineStream);
  }

  @Override
  public MessageType type() {
    return MessageType.LOG_REQUEST;
  }
}
