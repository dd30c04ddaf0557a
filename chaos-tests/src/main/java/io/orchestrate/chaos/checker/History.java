package io.orchestrate.chaos.checker;

import java.util.List;

/**
 * Everything a run recorded, as the checker reads it and as it is written to {@code history.json}.
 *
 * @param managers              ids of every manager, for the convergence check
 * @param healedNanos           when the final heal was done (every node running, no partition, none paused)
 * @param leaderAfterHealMillis how long after the final heal a leader was first reported; null if none within the bound
 * @param digests               state digests sampled after the final heal, in rounds
 */
public record History(
    long seed,
    List<String> managers,
    List<Op> ops,
    List<FaultEvent> faults,
    long healedNanos,
    Long leaderAfterHealMillis,
    List<DigestSample> digests) {
  public History {
    managers = List.copyOf(managers);
    ops = List.copyOf(ops);
    faults = List.copyOf(faults);
    digests = List.copyOf(digests);
  }
}
