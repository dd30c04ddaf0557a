package io.orchestrate.worker.reconcile;

import io.orchestrate.gateway.protocol.TaskStatus;

/**
 * Where batched task transitions go: the gateway connection. A sink may drop a message while no
 * leader is connected; the next Register carries every task's current state instead.
 */
@FunctionalInterface
public interface StatusSink {
  void send(TaskStatus status);
}
