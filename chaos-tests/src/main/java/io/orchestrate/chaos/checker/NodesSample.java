package io.orchestrate.chaos.checker;

import java.util.List;

/** One successful linearizable {@code GET /v1/nodes}, taken by the suite's observer (times as in {@link Op}). */
public record NodesSample(long invokeNanos, long completeNanos, List<NodeSeen> nodes) {
  public NodesSample {
    nodes = List.copyOf(nodes);
  }
}
