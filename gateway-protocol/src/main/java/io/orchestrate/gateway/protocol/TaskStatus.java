package io.orchestrate.gateway.protocol;

import java.util.List;

/**
 * Task transitions a worker observed, batched: updates produced within a short window travel in
 * one message, in the order they happened.
 */
public record TaskStatus(String nodeId, List<TaskUpdate> updates) implements WorkerMessage {
  public TaskStatus {
    Checks.text(nodeId, "taskStatus.nodeId");
    updates = Checks.list(updates, "taskStatus.updates");
    if (updates.isEmpty()) throw new IllegalArgumentException("taskStatus.updates must not be empty");
  }

  @Override
  public MessageType type() {
    return MessageType.TASK_STATUS;
  }
}
