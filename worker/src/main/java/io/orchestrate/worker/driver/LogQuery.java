package io.orchestrate.worker.driver;

import io.orchestrate.gateway.protocol.LogLine;
import io.orchestrate.gateway.protocol.LogRequest;
import java.time.Instant;

/**
 * What of a task's output a reader wants.
 *
 * @param follow keep reading as the copy prints
 * @param tail   only the last {@code tail} matching lines; -1 for all
 * @param stream "stdout", "stderr" or "both"
 * @param since  only lines at or after this instant; null for all
 * @param skip   of the lines at exactly {@code since}, leave out the first {@code skip}
 */
public record LogQuery(boolean follow, int tail, String stream, Instant since, int skip) {
  public static LogQuery of(LogRequest r) {
    return new LogQuery(r.follow(), r.tail(), r.stream(), r.sinceInstant(), r.skip());
  }

  /** The same query continued after {@code last}, of which {@code seenAtLast} lines were already read; no tail. */
  public LogQuery resumeAfter(Instant last, int seenAtLast) {
    return last == null ? new LogQuery(follow, tail, stream, since, skip) : new LogQuery(follow, -1, stream, last, seenAtLast);
  }

  public boolean wants(String lineStream) {
    return stream.equals(LogRequest.BOTH) || stream.equals(lineStream);
  }

  boolean wantsStdout() {
    return wants(LogLine.STDOUT);
  }

  boolean wantsStderr() {
    return wants(LogLine.STDERR);
  }
}
