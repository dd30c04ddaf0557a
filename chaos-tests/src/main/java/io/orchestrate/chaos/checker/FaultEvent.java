package io.orchestrate.chaos.checker;

import java.util.List;

/** One fault the nemesis injected, from injection to heal (times as in {@link Op}). */
public record FaultEvent(String kind, List<String> targets, long startNanos, long healedNanos, String note) {
  public FaultEvent {
    targets = List.copyOf(targets);
  }
}
