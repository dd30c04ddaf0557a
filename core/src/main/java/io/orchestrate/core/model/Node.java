package io.orchestrate.core.model;

import io.orchestrate.core.spec.Resources;
import java.util.Map;
import java.util.TreeMap;

/**
 * A worker node in the replicated state. Live figures (heartbeats, host stats) are not replicated:
 * they change every few seconds and only the leader needs them.
 *
 * @param address  where the worker says it runs (for people; managers never dial workers)
 * @param driver   the task driver it runs tasks with: docker or process
 * @param version  log index of the command that last changed this record
 */
public record Node(
    String id,
    String address,
    Resources capacity,
    Map<String, String> labels,
    String driver,
    NodeState state,
    String reason,
    long registeredAtMillis,
    long updatedAtMillis,
    long version) {

  public Node {
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  public Node withState(NodeState s, String why, long atMillis, long index) {
    return new Node(id, address, capacity, labels, driver, s, why, registeredAtMillis, atMillis, index);
  }
}
