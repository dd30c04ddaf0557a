package io.orchestrate.manager.state;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.MarkNodeDown;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.SetNodeDrain;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;

/** Apply rules for worker nodes. */
final class NodeApplier {
  private NodeApplier() {}

  static CommandResult register(Delta d, RegisterNode c, long index) {
    Node old = d.image().nodes().get(c.nodeId());
    // A node that comes back after being declared DOWN is READY again; a draining one stays draining.
    NodeState state = old != null && old.state() == NodeState.DRAINING ? NodeState.DRAINING : NodeState.READY;
    Node next = new Node(c.nodeId(), c.address(), c.capacity(), c.labels(), c.driver(), state, null,
        old == null ? c.atMillis() : old.registeredAtMillis(), c.atMillis(), index, c.allows());
    if (old != null && sameFacts(old, next)) return new CommandResult.Done();
    d.putNode(next);
    return new CommandResult.Done();
  }

  private static boolean sameFacts(Node a, Node b) {
    return a.state() == b.state() && a.capacity().equals(b.capacity()) && a.labels().equals(b.labels())
        && java.util.Objects.equals(a.address(), b.address()) && java.util.Objects.equals(a.driver(), b.driver())
        && a.allows().equals(b.allows());
  }

  static CommandResult drain(Delta d, SetNodeDrain c, long index) {
    Node n = d.image().nodes().get(c.nodeId());
    if (n == null) return new CommandResult.Rejected(ErrorCode.NOT_FOUND.wire(), "node " + c.nodeId() + " does not exist");
    if (c.drain()) {
      if (n.state() == NodeState.DOWN) return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "node " + c.nodeId() + " is down; nothing to drain");
      if (n.state() != NodeState.DRAINING) d.putNode(n.withState(NodeState.DRAINING, "drained by an operator", c.atMillis(), index));
    } else if (n.state() == NodeState.DRAINING) {
      d.putNode(n.withState(NodeState.READY, null, c.atMillis(), index));
    }
    return new CommandResult.Done();
  }

  static CommandResult markDown(Delta d, MarkNodeDown c, long index) {
    Node n = d.image().nodes().get(c.nodeId());
    if (n == null) return new CommandResult.Rejected(ErrorCode.NOT_FOUND.wire(), "node " + c.nodeId() + " does not exist");
    if (n.state() == NodeState.DOWN) return new CommandResult.Done();
    d.putNode(n.withState(NodeState.DOWN, c.reason(), c.atMillis(), index));
    for (Task t : d.image().tasksOnNode(n.id())) {
      if (t.state().canTransitionTo(TaskState.LOST)) {
        d.putTask(t.withState(TaskState.LOST, "node " + n.id() + " is down: " + c.reason(), c.atMillis(), index));
      }
    }
    return new CommandResult.Done();
  }
}
