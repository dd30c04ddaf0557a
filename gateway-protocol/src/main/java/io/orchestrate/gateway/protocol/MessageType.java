package io.orchestrate.gateway.protocol;

/**
 * The stable tag and current version of every gateway message. Tags never change meaning; a new
 * shape of a message gets a new version. A peer that reads a tag it does not know, or a newer
 * version than it understands, rejects the frame with {@link ProtocolException} and drops the
 * connection rather than guess.
 */
public enum MessageType {
  // Retired: "assign" and "stop", the incremental forms of DESIRED, which no manager sends. Their
  // tags stay reserved in RETIRED_TAGS and must not be reused, so that a frame carrying one, from
  // whatever build, is refused as unknown instead of being read as some other message.

  /**
   * v2 adds {@code keepalive}, v3 {@code versionedDesired}, v4 {@code allows}, v5 {@code logs}; a manager refuses a
   * newer version than it reads, which is why managers are upgraded first.
   */
  REGISTER("register", 5, Register.class),
  /** v2 adds {@code applied} and {@code digest}, sent by workers that registered with versioned desired sets. */
  HEARTBEAT("heartbeat", 2, Heartbeat.class),
  TASK_STATUS("task-status", 1, TaskStatus.class),
  REGISTERED("registered", 1, Registered.class),
  /** v2 adds versions, parts and deltas, sent only to workers that registered with {@code versionedDesired}. */
  DESIRED("desired", 2, Desired.class),
  NOT_LEADER("not-leader", 1, NotLeader.class),
  HEARTBEAT_ACK("heartbeat-ack", 1, HeartbeatAck.class),
  /** Sent only to workers that registered with {@code logs}. */
  LOG_REQUEST("log-request", 1, LogRequest.class),
  LOG_CHUNK("log-chunk", 1, LogChunk.class),
  LOG_CREDIT("log-credit", 1, LogCredit.class),
  LOG_CANCEL("log-cancel", 1, LogCancel.class);

  /** Tags of removed messages. Never give one to a new message; the codec refuses them as unknown. */
  public static final java.util.Set<String> RETIRED_TAGS = java.util.Set.of("assign", "stop");

  private final String tag;
  private final int version;
  private final Class<? extends GatewayMessage> recordClass;

  MessageType(String tag, int version, Class<? extends GatewayMessage> recordClass) {
    this.tag = tag;
    this.version = version;
    this.recordClass = recordClass;
  }

  public String tag() {
    return tag;
  }

  public int version() {
    return version;
  }

  public Class<? extends GatewayMessage> recordClass() {
    return recordClass;
  }

  /** The type with this tag, or null. */
  public static MessageType byTag(String tag) {
    for (MessageType t : values()) {
      if (t.tag.equals(tag)) return t;
    }
    return null;
  }
}
