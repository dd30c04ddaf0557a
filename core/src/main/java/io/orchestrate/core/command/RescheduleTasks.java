package io.orchestrate.core.command;

import java.util.List;

/**
 * New attempts for tasks that were LOST (or FAILED, where the job asks for it): each creates a
 * PENDING task for the same slot that will not be placed before {@code notBeforeMillis}. Apply
 * checks the old task still needs it and the policy still allows it.
 */
public record RescheduleTasks(List<Replacement> replacements, long atMillis) implements Command {
  public RescheduleTasks {
    replacements = List.copyOf(replacements);
  }

  public record Replacement(String oldTaskId, String newTaskId, long notBeforeMillis) {}

  @Override
  public CommandType type() {
    return CommandType.RESCHEDULE_TASKS;
  }
}
