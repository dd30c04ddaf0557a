package io.orchestrate.worker.gateway;

import io.orchestrate.gateway.protocol.Desired;

/**
 * Receives the leader's task instructions, already fenced by term. Called on the gateway client's
 * event loop, so implementations must only hand the work over, never block.
 */
@FunctionalInterface
public interface ManagerListener {
  void onDesired(Desired desired);

  /**
   * A log stream's control message from the manager: a request (answer through {@code reply},
   * which writes on the connection it came on), more credit, or a cancel. Not fenced by term: it
   * changes nothing on the worker. A worker that serves no logs ends the request at once.
   */
  default void onLogMessage(io.orchestrate.gateway.protocol.ManagerMessage message,
      java.util.function.Predicate<io.orchestrate.gateway.protocol.WorkerMessage> reply) {}

  /** The gateway connection closed: whatever was asked on it is moot. */
  default void onDisconnected() {}
}
