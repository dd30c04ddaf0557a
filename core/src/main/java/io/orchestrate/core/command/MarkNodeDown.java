package io.orchestrate.core.command;

/** The leader saw no heartbeat from a node within its TTL: the node is DOWN and its tasks are LOST. */
public record MarkNodeDown(String nodeId, String reason, long atMillis) implements Command {
  @Override
  public CommandType type() {
    return CommandType.MARK_NODE_DOWN;
  }
}
