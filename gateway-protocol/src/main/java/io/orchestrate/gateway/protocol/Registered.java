package io.orchestrate.gateway.protocol;

/**
 * The leader's answer to {@link Register}: the connection is accepted and heartbeats should come
 * every {@code heartbeatIntervalMs}. A {@link Desired} with the node's full task set follows.
 *
 * @param leaderId            the answering leader's manager id
 * @param heartbeatIntervalMs how often the worker sends a {@link Heartbeat}
 * @param ttlMs               how long without a heartbeat before the leader declares the node down
 */
public record Registered(long term, String leaderId, long heartbeatIntervalMs, long ttlMs) implements LeaderMessage {
  public Registered {
    Checks.term(term, "registered");
    Checks.text(leaderId, "registered.leaderId");
    Checks.positive(heartbeatIntervalMs, "registered.heartbeatIntervalMs");
    Checks.positive(ttlMs, "registered.ttlMs");
    if (ttlMs <= heartbeatIntervalMs) {
      throw new IllegalArgumentException(
          "registered.ttlMs (" + ttlMs + ") must exceed registered.heartbeatIntervalMs (" + heartbeatIntervalMs + ")");
    }
  }

  @Override
  public MessageType type() {
    return MessageType.REGISTERED;
  }
}
