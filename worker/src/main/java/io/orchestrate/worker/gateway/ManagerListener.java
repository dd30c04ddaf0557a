package io.orchestrate.worker.gateway;

import io.orchestrate.gateway.protocol.Desired;

/**
 * Receives the leader's task instructions, already fenced by term. Called on the gateway client's
 * event loop, so implementations must only hand the work over, never block.
 */
@FunctionalInterface
public interface ManagerListener {
  void onDesired(Desired desired);
}
