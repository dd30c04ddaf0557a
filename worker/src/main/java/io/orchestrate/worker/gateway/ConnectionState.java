package io.orchestrate.worker.gateway;

/** Where the worker's gateway connection is. */
public enum ConnectionState {
  /** No connection; a reconnect is scheduled. */
  DISCONNECTED,
  /** A TCP connect is under way. */
  CONNECTING,
  /** Connected and Register sent; waiting for Registered (or NotLeader). */
  REGISTERING,
  /** The leader accepted the registration; heartbeats flow. */
  REGISTERED,
  /** The client was closed. */
  CLOSED
}
