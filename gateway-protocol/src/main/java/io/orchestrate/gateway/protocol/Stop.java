package io.orchestrate.gateway.protocol;

/**
 * Removes one task from the node's desired set: the worker stops and removes its copy if that
 * copy's generation is at most {@code generation} (a newer copy was assigned after this decision
 * and stays). The worker reports the copy STOPPED.
 *
 * @param reason why, for the task's record (e.g. "job stopped"), or null
 */
public record Stop(long term, String taskId, long generation, String reason) implements LeaderMessage {
  public Stop {
    Checks.term(term, "stop");
    Checks.text(taskId, "stop.taskId");
    Checks.notNegative(generation, "stop.generation");
  }

  @Override
  public MessageType type() {
    return MessageType.STOP;
  }
}
