package io.orchestrate.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One line a task printed, as the worker recorded it.
 *
 * @param ts     an ISO-8601 instant ({@link Instant#toString}): when the worker (or the engine) read the line; the resume key: a reader that saw
 *               lines up to {@code ts} asks again with {@code since=ts} and the number it saw at it
 * @param stream "stdout" or "stderr"
 * @param text   the line without its newline; a line longer than {@link LogLimits#MAX_LINE_CHARS}
 *               arrives split in several
 */
public record LogLine(String ts, String stream, String text) {
  public static final String STDOUT = "stdout";
  public static final String STDERR = "stderr";
  /** What a line costs beyond its text in credit: the timestamp, the stream and the framing. */
  static final int OVERHEAD_BYTES = 48;

  public LogLine {
    Checks.instant(ts, "logLine.ts");
    if (!STDOUT.equals(stream) && !STDERR.equals(stream)) {
      throw new IllegalArgumentException("logLine.stream must be stdout or stderr, was " + stream);
    }
    Checks.present(text, "logLine.text");
    if (text.length() > LogLimits.MAX_LINE_CHARS) {
      throw new IllegalArgumentException("logLine.text must be at most " + LogLimits.MAX_LINE_CHARS + " characters, was " + text.length());
    }
  }

  public LogLine(Instant ts, String stream, String text) {
    this(ts.toString(), stream, text);
  }

  public Instant instant() {
    return Instant.parse(ts);
  }

  /**
   * What this line counts against a stream's credit. Both ends compute it the same way from the
   * line itself, so the credit a manager gives back is exactly what the worker spent.
   */
  public int cost() {
    return text.getBytes(StandardCharsets.UTF_8).length + OVERHEAD_BYTES;
  }
}
