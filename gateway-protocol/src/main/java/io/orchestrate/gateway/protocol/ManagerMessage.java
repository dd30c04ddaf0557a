package io.orchestrate.gateway.protocol;

/** What the manager gateway sends to a worker. */
public sealed interface ManagerMessage extends GatewayMessage permits LeaderMessage, NotLeader {}
