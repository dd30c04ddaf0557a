package io.orchestrate.gateway.protocol;

/** The manager no longer wants a stream (its client went away): the worker stops reading for it. */
public record LogCancel(long streamId) implements ManagerMessage {
  public LogCancel {
    Checks.positive(streamId, "logCancel.streamId");
  }

  @Override
  public MessageType type() {
    return MessageType.LOG_CANCEL;
  }
}
