package io.orchestrate.chaos.checker;

import java.time.Duration;
import java.util.List;

/** Runs every invariant over a history. Pure: the same history always gives the same report. */
public final class Checker {
  private final List<Invariant> invariants;

  public Checker(List<Invariant> invariants) {
    this.invariants = List.copyOf(invariants);
  }

  /** Every invariant of the suite; {@code leaderBound} is how soon after the final heal a leader must exist. */
  public static Checker standard(Duration leaderBound) {
    return new Checker(List.of(
        new AcknowledgedWritesSurvive(),
        new NoPhantomJobs(),
        new OneJobPerKey(),
        new LinearizableReadsSeeAcknowledgedWrites(),
        new ReplicasConverge(leaderBound),
        new NoTaskRunningTwice(),
        new WorkersRunTheDesiredSet(),
        new WorkloadsUndisturbed(),
        new AcknowledgedVersionsKept(),
        new NoSupersededTaskLives()));
  }

  public CheckReport check(History history) {
    return new CheckReport(invariants.stream().map(i -> i.check(history)).toList());
  }
}
