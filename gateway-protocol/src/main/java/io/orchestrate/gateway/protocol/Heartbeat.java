package io.orchestrate.gateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Sent every heartbeat interval the leader asked for in {@link Registered}. A leader that hears
 * none for its TTL declares the node down.
 *
 * @param seq     increases by one per heartbeat on a connection, starting at 1, for spotting gaps
 * @param stats   the host's current usage
 * @param applied the version of the {@link Desired} set the worker holds on this connection (0
 *                before the first complete one); null from a worker without versioned sets (v1)
 * @param digest  the {@link DesiredDigest} of that set; present exactly when {@code applied} is
 */
public record Heartbeat(
    String nodeId,
    long seq,
    NodeStats stats,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long applied,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long digest) implements WorkerMessage {
  public Heartbeat {
    Checks.text(nodeId, "heartbeat.nodeId");
    Checks.positive(seq, "heartbeat.seq");
    Checks.present(stats, "heartbeat.stats");
    if (applied != null) Checks.notNegative(applied, "heartbeat.applied");
    if ((applied == null) != (digest == null)) {
      throw new IllegalArgumentException("heartbeat.applied and heartbeat.digest must be sent together");
    }
  }

  /** A heartbeat of a worker without versioned desired sets. */
  public Heartbeat(String nodeId, long seq, NodeStats stats) {
    this(nodeId, seq, stats, null, null);
  }

  @Override
  public MessageType type() {
    return MessageType.HEARTBEAT;
  }

  @Override
  public int wireVersion() {
    return applied == null ? 1 : 2;
  }
}
