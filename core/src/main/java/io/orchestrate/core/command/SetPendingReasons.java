package io.orchestrate.core.command;

import java.util.Map;
import java.util.TreeMap;

/** Why PENDING tasks could not be placed, as the scheduler said; proposed only when a reason changes. */
public record SetPendingReasons(Map<String, String> reasons) implements Command {
  public SetPendingReasons {
    reasons = java.util.Collections.unmodifiableMap(new TreeMap<>(reasons));
  }

  @Override
  public CommandType type() {
    return CommandType.SET_PENDING_REASONS;
  }
}
