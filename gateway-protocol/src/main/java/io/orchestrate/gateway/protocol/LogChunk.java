package io.orchestrate.gateway.protocol;

import java.util.List;

/**
 * Lines of one log stream, from a worker. The last chunk of a stream has {@code end} set, with
 * {@code error} saying why when the stream could not be served (no such task here, the driver
 * failed); a followed stream ends once its task has ended for good and every line was sent.
 */
public record LogChunk(String nodeId, long streamId, List<LogLine> lines, boolean end, String error) implements WorkerMessage {
  public LogChunk {
    Checks.text(nodeId, "logChunk.nodeId");
    Checks.positive(streamId, "logChunk.streamId");
    lines = Checks.list(lines, "logChunk.lines");
    if (lines.size() > LogLimits.MAX_CHUNK_LINES) {
      throw new IllegalArgumentException("logChunk.lines must hold at most " + LogLimits.MAX_CHUNK_LINES + " lines, had " + lines.size());
    }
    if (error != null && !end) throw new IllegalArgumentException("logChunk.error is only sent with end");
  }

  /** What the chunk's lines count against the stream's credit. */
  public long cost() {
    long c = 0;
    for (LogLine l : lines) c += l.cost();
    return c;
  }

  @Override
  public MessageType type() {
    return MessageType.LOG_CHUNK;
  }
}
