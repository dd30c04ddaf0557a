package io.orchestrate.core.command;

/** Drain (no new tasks, move the ones it has) or undrain a node. */
public record SetNodeDrain(String nodeId, boolean drain, long atMillis) implements Command {
  @Override
  public CommandType type() {
    return CommandType.SET_NODE_DRAIN;
  }
}
