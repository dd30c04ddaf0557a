package io.orchestrate.core.command;

import io.orchestrate.core.spec.Resources;
import java.util.Map;

/** A worker registered (or re-registered with changed facts): the node is READY with this capacity. */
public record RegisterNode(String nodeId, String address, Resources capacity, Map<String, String> labels, String driver, long atMillis)
    implements Command {
  @Override
  public CommandType type() {
    return CommandType.REGISTER_NODE;
  }
}
