package io.orchestrate.gateway.protocol;

/** The manager has passed {@code bytes} of a stream on to its client: the worker may send that much more. */
public record LogCredit(long streamId, long bytes) implements ManagerMessage {
  public LogCredit {
    Checks.positive(streamId, "logCredit.streamId");
    Checks.positive(bytes, "logCredit.bytes");
    if (bytes > LogLimits.WINDOW_BYTES) throw new IllegalArgumentException("logCredit.bytes must be at most " + LogLimits.WINDOW_BYTES + ", was " + bytes);
  }

  @Override
  public MessageType type() {
    return MessageType.LOG_CREDIT;
  }
}
