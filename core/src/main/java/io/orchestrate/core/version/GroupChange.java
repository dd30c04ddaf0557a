package io.orchestrate.core.version;

import java.util.List;

/**
 * How one task group differs between a job's live version and a new spec.
 *
 * @param group     the group's name
 * @param kind      what applying the new spec does to the group's tasks
 * @param fields    the spec fields that differ, in spec order ("count", "command", ...); empty when unchanged
 * @param fromCount the live version's count (0 for an added group)
 * @param toCount   the new spec's count (0 for a removed group)
 */
public record GroupChange(String group, Kind kind, List<String> fields, int fromCount, int toCount) {
  public GroupChange {
    fields = List.copyOf(fields);
  }

  /** What a change does to a group's tasks. */
  public enum Kind {
    /** Nothing: the group's tasks keep running. */
    UNCHANGED,
    /** Only the count changed: the difference is started or stopped, the other tasks keep running. */
    SCALED,
    /** A field the containers are made from changed: every task of the group is replaced. */
    REPLACED,
    /** A new group: its tasks are created. */
    ADDED,
    /** The group is gone from the spec: its tasks are stopped. */
    REMOVED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One line for a version's history: "api: count 2 -> 3", "web: replaced (command, env)". */
  public String describe() {
    return switch (kind) {
      case UNCHANGED -> fields.isEmpty() ? group + ": unchanged" : group + ": " + String.join(", ", fields) + " changed";
      case SCALED -> group + ": count " + fromCount + " -> " + toCount;
      case REPLACED -> group + ": replaced (" + String.join(", ", fields) + ")" + (fromCount != toCount ? ", count " + fromCount + " -> " + toCount : "");
      case ADDED -> group + ": added, count " + toCount;
      case REMOVED -> group + ": removed";
    };
  }
}
