package io.orchestrate.chaos.checker;

/** Jepsen's three outcomes of an operation. */
public enum Outcome {
  /** The cluster acknowledged it: it happened. */
  OK,
  /** Known not to have happened: refused before it was sent, or rejected with a 4xx. */
  FAIL,
  /** Unknown: a timeout or a cut connection after the request may have reached a manager. It may or may not have happened, but at most once. */
  INFO
}
