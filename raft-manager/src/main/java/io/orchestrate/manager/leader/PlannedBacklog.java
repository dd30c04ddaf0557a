package io.orchestrate.manager.leader;

import io.orchestrate.manager.state.PersistentSet;
import io.orchestrate.manager.state.StateImage;

/**
 * The pending set a scheduling round last planned from. Apply replaces the image's pending set
 * whenever a task becomes or stops being pending, so the very same instance in a later image means
 * the backlog did not change and the last plan still holds. Compared by identity on purpose: an
 * equal set that is a new instance came from a change (a task left and another came back) and is
 * worth a look.
 */
record PlannedBacklog(PersistentSet<String> pending) {
  /** Nothing planned yet, or a round deferred some tasks: the next round looks again. */
  static final PlannedBacklog NONE = new PlannedBacklog(null);

  static PlannedBacklog of(StateImage s) {
    return new PlannedBacklog(s.pending());
  }

  /** True when {@code s} holds exactly the pending set this plan was made from. */
  boolean unchangedIn(StateImage s) {
    return pending != null && pending == s.pending();
  }
}
