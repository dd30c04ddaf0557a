package io.orchestrate.core.command;

import java.util.List;

/**
 * Several commands committed as one log entry, applied in order with one result each. The leader
 * coalesces concurrent requests into batches so that one fsync and one round of replication serve
 * many callers. Batches do not nest.
 */
public record CommandBatch(List<Command> commands) implements Command {
  public CommandBatch {
    commands = List.copyOf(commands);
    for (Command c : commands) {
      if (c instanceof CommandBatch) throw new IllegalArgumentException("batches do not nest");
    }
  }

  @Override
  public CommandType type() {
    return CommandType.BATCH;
  }
}
