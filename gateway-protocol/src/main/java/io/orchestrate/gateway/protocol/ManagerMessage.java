package io.orchestrate.gateway.protocol;

/** What the manager gateway sends to a worker: leader messages, a redirect, and the log stream's control messages. */
public sealed interface ManagerMessage extends GatewayMessage permits LeaderMessage, NotLeader, LogRequest, LogCredit, LogCancel {}
