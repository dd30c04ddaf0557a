package io.orchestrate.gateway.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The full set of tasks the leader wants {@code nodeId} to run. Level-triggered: the worker starts
 * what is missing and stops whatever it runs that is not listed. Sent after {@link Registered} and
 * whenever the node's set changes; it is the only way the leader starts or stops a worker's tasks.
 */
public record Desired(long term, String nodeId, List<DesiredTask> tasks) implements LeaderMessage {
  public Desired {
    Checks.term(term, "desired");
    Checks.text(nodeId, "desired.nodeId");
    tasks = Checks.list(tasks, "desired.tasks");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < tasks.size(); i++) {
      if (!ids.add(tasks.get(i).taskId())) {
        throw new IllegalArgumentException("desired.tasks[" + i + "].taskId '" + tasks.get(i).taskId() + "' is listed twice");
      }
    }
  }

  @Override
  public MessageType type() {
    return MessageType.DESIRED;
  }
}
