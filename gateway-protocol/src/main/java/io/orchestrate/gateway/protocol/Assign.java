package io.orchestrate.gateway.protocol;

/**
 * Adds one task to the node's desired set (or replaces an older generation of it). Incremental;
 * the next {@link Desired} is authoritative.
 */
public record Assign(long term, DesiredTask task) implements LeaderMessage {
  public Assign {
    Checks.term(term, "assign");
    Checks.present(task, "assign.task");
  }

  @Override
  public MessageType type() {
    return MessageType.ASSIGN;
  }
}
