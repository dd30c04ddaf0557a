package io.orchestrate.core.command;

import io.orchestrate.core.model.ManagerInfo;

/** Publish (or update) one manager's addresses in the replicated state. */
public record RegisterManager(ManagerInfo manager) implements Command {
  @Override
  public CommandType type() {
    return CommandType.REGISTER_MANAGER;
  }
}
