package io.orchestrate.core.command;

import java.util.List;

/**
 * One scheduling round's placements, committed as one entry. Apply re-validates each placement
 * against the state at that index (the task still PENDING at the version the plan saw, the node
 * READY with room) and rejects only the stale ones, which stay PENDING for the next round.
 */
public record PlaceTasks(List<Placement> placements, long atMillis) implements Command {
  public PlaceTasks {
    placements = List.copyOf(placements);
  }

  /** @param expectedVersion the task's version when the plan was made */
  public record Placement(String taskId, String nodeId, long expectedVersion) {}

  @Override
  public CommandType type() {
    return CommandType.PLACE_TASKS;
  }
}
