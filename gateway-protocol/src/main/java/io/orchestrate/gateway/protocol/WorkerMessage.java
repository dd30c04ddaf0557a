package io.orchestrate.gateway.protocol;

/** What a worker sends to the manager gateway: its registration, heartbeats and task transitions. */
public sealed interface WorkerMessage extends GatewayMessage permits Register, Heartbeat, TaskStatus {
  /** The sending worker's node id. */
  String nodeId();
}
