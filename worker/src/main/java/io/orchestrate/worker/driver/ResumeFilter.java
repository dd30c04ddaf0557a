package io.orchestrate.worker.driver;

import java.time.Instant;

/**
 * Drops the lines a resuming reader already has: every line before {@code since}, and the first
 * {@code skip} lines at exactly {@code since}. Timestamps in a task's output never go backwards,
 * so after the first line past the mark every later line passes. One reader's thread.
 */
final class ResumeFilter {
  private final Instant since;
  private int toSkip;
  private boolean past;

  ResumeFilter(Instant since, int skip) {
    this.since = since;
    this.toSkip = skip;
    this.past = since == null;
  }

  /** Whether the line at {@code ts} is new to the reader. */
  boolean admit(Instant ts) {
    if (past) return true;
    int c = ts.compareTo(since);
    if (c < 0) return false;
    if (c == 0 && toSkip > 0) {
      toSkip--;
      return false;
    }
    past = c > 0 || toSkip == 0;
    return true;
  }
}
