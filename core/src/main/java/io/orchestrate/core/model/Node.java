package io.orchestrate.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.spec.Resources;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A worker node in the replicated state. Live figures (heartbeats, host stats) are not replicated:
 * they change every few seconds and only the leader needs them.
 *
 * @param address  where the worker says it runs (for people; managers never dial workers)
 * @param driver   the task driver it runs tasks with: docker or process
 * @param version  log index of the command that last changed this record
 * @param allows   the risky modes its operator allows ({@link io.orchestrate.core.spec.Allow}), sorted;
 *                 left out of the encoding when empty, so stored nodes from before the field read
 *                 back as allowing nothing and nodes that allow nothing encode as they always did
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
    long version,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Set<String> allows) {

  public Node {
    labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    allows = allows == null || allows.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(allows));
  }

  /** A node that allows no risky mode. */
  public Node(String id, String address, Resources capacity, Map<String, String> labels, String driver, NodeState state, String reason,
      long registeredAtMillis, long updatedAtMillis, long version) {
    this(id, address, capacity, labels, driver, state, reason, registeredAtMillis, updatedAtMillis, version, null);
  }

  public Node withState(NodeState s, String why, long atMillis, long index) {
    return new Node(id, address, capacity, labels, driver, s, why, registeredAtMillis, atMillis, index, allows);
  }
}
