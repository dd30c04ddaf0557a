package io.orchestrate.worker.gateway;

import io.orchestrate.gateway.protocol.Assign;
import io.orchestrate.gateway.protocol.Desired;
import io.orchestrate.gateway.protocol.Stop;

/**
 * Receives the leader's task instructions, already fenced by term. Called on the gateway client's
 * event loop, so implementations must only hand the work over, never block.
 */
public interface ManagerListener {
  void onDesired(Desired desired);

  void onAssign(Assign assign);

  void onStop(Stop stop);
}
