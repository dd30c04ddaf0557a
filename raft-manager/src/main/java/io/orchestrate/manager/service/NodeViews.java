package io.orchestrate.manager.service;

import io.orchestrate.core.api.NodeList;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.gateway.protocol.NodeStats;
import io.orchestrate.manager.session.NodeSessions;
import io.orchestrate.manager.state.StateImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nodes as the API shows them: the replicated record (state, capacity, labels), what is allocated
 * on each, and, when answered by the leader, whether the worker is connected and its latest host
 * stats (heartbeats are not replicated).
 */
public final class NodeViews {
  private final NodeSessions sessions;

  public NodeViews(NodeSessions sessions) {
    this.sessions = sessions;
  }

  public NodeList view(StateImage s, boolean live) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Node n : s.nodesInOrder()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", n.id());
      m.put("state", n.state().name());
      m.put("address", n.address());
      m.put("driver", n.driver());
      m.put("labels", n.labels());
      if (!n.allows().isEmpty()) m.put("allows", n.allows());
      m.put("capacity", resources(n.capacity()));
      m.put("allocated", resources(s.allocatedOn(n.id())));
      m.put("tasks", s.tasksOnNode(n.id()).size());
      if (n.reason() != null) m.put("reason", n.reason());
      if (live) {
        m.put("connected", sessions.connected(n.id()));
        NodeStats st = sessions.stats(n.id());
        if (st != null) m.put("stats", st);
      }
      out.add(m);
    }
    return new NodeList(out);
  }

  private static Map<String, Object> resources(Resources r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", Math.round(r.cpu() * 1000) / 1000.0);
    m.put("memoryMb", r.memoryMb());
    m.put("diskMb", r.diskMb());
    return m;
  }
}
