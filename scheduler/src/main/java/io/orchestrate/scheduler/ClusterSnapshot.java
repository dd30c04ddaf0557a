package io.orchestrate.scheduler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only cluster view a plan is computed from. Node order does not matter: planning sorts
 * nodes by id, so the same set of nodes gives the same plan whatever order the caller lists them in.
 */
public record ClusterSnapshot(List<NodeView> nodes) {

  public ClusterSnapshot {
    if (nodes == null) throw new IllegalArgumentException("nodes must not be null");
    nodes = List.copyOf(nodes);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      Integer first = seen.putIfAbsent(nodes.get(i).id(), i);
      if (first != null) {
        throw new IllegalArgumentException(
            "nodes[" + i + "].id \"" + nodes.get(i).id() + "\" duplicates nodes[" + first + "]");
      }
    }
  }

  public static ClusterSnapshot of(NodeView... nodes) {
    return new ClusterSnapshot(List.of(nodes));
  }
}
