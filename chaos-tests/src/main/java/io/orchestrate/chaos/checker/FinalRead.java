package io.orchestrate.chaos.checker;

import java.util.Comparator;
import java.util.Optional;

/** The checker's own linearizable job list taken after the final heal: the state every acknowledged write must be in. */
final class FinalRead {
  private FinalRead() {}

  static Optional<Op> of(History h) {
    return h.ops().stream()
        .filter(o -> o.process() == Op.CHECKER_PROCESS && o.kind() == OpKind.READ_JOBS && o.linearizableRead())
        .max(Comparator.comparingLong(Op::completeNanos));
  }
}
