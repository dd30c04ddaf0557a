package io.orchestrate.chaos.checker;

import java.util.List;

/**
 * Everything a run recorded, as the checker reads it and as it is written to {@code history.json}.
 *
 * @param managers              ids of every manager, for the convergence check
 * @param healedNanos           when the final heal was done (every node running, no partition, none paused)
 * @param leaderAfterHealMillis how long after the final heal a leader was first reported; null if none within the bound
 * @param digests               state digests sampled after the final heal, in rounds
 * @param originWallMillis      the wall-clock time at nanosecond 0 of the run's clock, to place the workers' times
 * @param nodeSamples           the observer's reads of the node list, through the run and once after the final reads
 * @param workers               every worker's journal of copies, read at the end
 * @param desiredVsRunning      per worker, the last look (after the final heal and the journals) at the copies it runs next to
 *                              the leader's desired set for it
 */
public record History(
    long seed,
    List<String> managers,
    List<Op> ops,
    List<FaultEvent> faults,
    long healedNanos,
    Long leaderAfterHealMillis,
    List<DigestSample> digests,
    long originWallMillis,
    List<NodesSample> nodeSamples,
    List<WorkerCopies> workers,
    List<DesiredVsRunning> desiredVsRunning) {
  public History {
    managers = List.copyOf(managers);
    ops = List.copyOf(ops);
    faults = List.copyOf(faults);
    digests = List.copyOf(digests);
    nodeSamples = nodeSamples == null ? List.of() : List.copyOf(nodeSamples);
    workers = workers == null ? List.of() : List.copyOf(workers);
    desiredVsRunning = desiredVsRunning == null ? List.of() : List.copyOf(desiredVsRunning);
  }

  /** The faults that were injected (the engine refused none of their steps). */
  public List<FaultEvent> injectedFaults() {
    return faults.stream().filter(FaultEvent::injected).toList();
  }

  /** A worker's wall-clock time on the run's clock (containers share the host's clock). */
  public long nanosOfWall(long wallMillis) {
    return (wallMillis - originWallMillis) * 1_000_000L;
  }

  /** Short form of a run time for counterexamples. */
  public static String at(long nanos) {
    return String.format("%.3fs", nanos / 1e9);
  }

  /** The fault in force at {@code nanos}, or the last one healed before it, in words; for counterexamples. */
  public String faultContext(long nanos) {
    FaultEvent last = null;
    for (FaultEvent f : faults) {
      if (!f.injected()) continue;
      if (f.startNanos() <= nanos && nanos <= f.healedNanos()) return "during " + describe(f);
      if (f.healedNanos() < nanos) last = f;
    }
    return last == null ? "before any fault" : String.format("%.3f s after ", (nanos - last.healedNanos()) / 1e9) + describe(last);
  }

  private static String describe(FaultEvent f) {
    return f.kind() + " " + f.targets() + " [" + at(f.startNanos()) + ".." + at(f.healedNanos()) + "]";
  }
}
