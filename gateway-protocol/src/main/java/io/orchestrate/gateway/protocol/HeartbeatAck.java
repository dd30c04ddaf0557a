package io.orchestrate.gateway.protocol;

/**
 * The leader's answer to a {@link Heartbeat}, sent only to workers that asked for it in
 * {@link Register#keepalive()}. TCP alone cannot tell a worker that its leader froze: the kernel of a
 * paused or swapped-out process keeps acknowledging segments, so heartbeats vanish into a socket
 * buffer while a new leader counts down the worker's TTL. A worker that hears no ack for a third of
 * its TTL drops the connection and looks for the leader again.
 *
 * @param seq the heartbeat answered
 */
public record HeartbeatAck(long term, long seq) implements LeaderMessage {
  public HeartbeatAck {
    Checks.term(term, "heartbeatAck");
    Checks.positive(seq, "heartbeatAck.seq");
  }

  @Override
  public MessageType type() {
    return MessageType.HEARTBEAT_ACK;
  }
}
