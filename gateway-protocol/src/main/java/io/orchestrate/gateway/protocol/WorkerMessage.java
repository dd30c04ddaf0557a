package io.orchestrate.gateway.protocol;

/** What a worker sends to the manager gateway: its registration, heartbeats, task transitions and task output. */
public sealed interface WorkerMessage extends GatewayMessage permits Register, Heartbeat, TaskStatus, LogChunk {
  /** The sending worker's node id. */
  String nodeId();
}
