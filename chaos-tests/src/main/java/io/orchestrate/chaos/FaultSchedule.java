package io.orchestrate.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The nemesis's seeded schedule: which fault comes next, how long it holds, how long the cluster
 * then stays healthy, and a number that picks the victims among the managers. The same seed gives
 * the same sequence, so a failing run can be replayed with {@code -Dchaos.seed}; which manager is
 * the leader at that moment is up to the cluster.
 */
public final class FaultSchedule {
  /** Managers' election timeout is at most 2 s; a pause must outlast it for the others to elect. */
  static final Duration PAUSE_MIN = Duration.ofMillis(3000);

  /** One fault of the schedule. */
  public record Step(FaultKind kind, Duration hold, Duration quiet, long pick) {}

  private final List<FaultKind> kinds;
  private final Random random;

  public FaultSchedule(long seed, Set<FaultKind> kinds) {
    if (kinds.isEmpty()) throw new IllegalArgumentException("no fault kinds to schedule");
    this.kinds = kinds.stream().sorted().toList();
    this.random = new Random(seed);
  }

  public Step next() {
    FaultKind kind = kinds.get(random.nextInt(kinds.size()));
    long holdMs = kind == FaultKind.PAUSE_LEADER ? PAUSE_MIN.toMillis() + random.nextInt(2000) : 2500 + random.nextInt(2500);
    long quietMs = 1500 + random.nextInt(1500);
    return new Step(kind, Duration.ofMillis(holdMs), Duration.ofMillis(quietMs), random.nextLong());
  }
}
