package io.orchestrate.gateway.protocol;

/**
 * Sent every heartbeat interval the leader asked for in {@link Registered}. A leader that hears
 * none for its TTL declares the node down.
 *
 * @param seq   increases by one per heartbeat on a connection, starting at 1, for spotting gaps
 * @param stats the host's current usage
 */
public record Heartbeat(String nodeId, long seq, NodeStats stats) implements WorkerMessage {
  public Heartbeat {
    Checks.text(nodeId, "heartbeat.nodeId");
    Checks.positive(seq, "heartbeat.seq");
    Checks.present(stats, "heartbeat.stats");
  }

  @Override
  public MessageType type() {
    return MessageType.HEARTBEAT;
  }
}
