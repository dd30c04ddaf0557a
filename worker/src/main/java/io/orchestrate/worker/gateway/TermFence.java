package io.orchestrate.worker.gateway;

import io.orchestrate.worker.store.WorkerStore;

/**
 * Remembers the highest leader term seen, durably, and turns away messages from lower terms: a
 * deposed leader that has not noticed yet must not start or stop tasks. The term is persisted
 * before a message of a new term is acted on, so a restarted worker is fenced just the same.
 *
 * <p>Synchronized because the client calls it on its event loop while metrics read it.
 */
public final class TermFence {
  private final WorkerStore store;
  private long highest;

  public TermFence(WorkerStore store) {
    this.store = store;
    this.highest = store.highestTerm();
  }

  /** True if a message of {@code term} may be acted on; records the term if it is new. */
  public synchronized boolean admit(long term) {
    if (term < highest) return false;
    if (term > highest) {
      store.setHighestTerm(term);
      highest = term;
    }
    return true;
  }

  public synchronized long highest() {
    return highest;
  }
}
