package io.orchestrate.chaos.checker;

/** A property every history must have. Implementations are pure functions of the history. */
public interface Invariant {
  String name();

  /** One sentence for the report. */
  String meaning();

  InvariantResult check(History history);
}
