package io.orchestrate.core.command;

import java.util.List;

/**
 * Moves tasks off a draining node: a PENDING replacement is created for each, and the original is
 * stopped only once its replacement is RUNNING, so capacity allowing, the service never dips.
 */
public record MigrateTasks(List<RescheduleTasks.Replacement> replacements, long atMillis) implements Command {
  public MigrateTasks {
    replacements = List.copyOf(replacements);
  }

  @Override
  public CommandType type() {
    return CommandType.MIGRATE_TASKS;
  }
}
