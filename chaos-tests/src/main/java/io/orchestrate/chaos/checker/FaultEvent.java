package io.orchestrate.chaos.checker;

import java.util.List;

/**
 * One fault of the schedule, from injection to heal (times as in {@link Op}).
 *
 * @param injected false when the engine refused it (say, a freezer that could not freeze under load): then nothing was held,
 *                 {@code note} says why, and it does not count as a fault injected
 */
public record FaultEvent(String kind, List<String> targets, long startNanos, long healedNanos, String note, boolean injected) {
  public FaultEvent {
    targets = List.copyOf(targets);
  }

  /** A fault that was injected. */
  public FaultEvent(String kind, List<String> targets, long startNanos, long healedNanos, String note) {
    this(kind, targets, startNanos, healedNanos, note, true);
  }
}
