package io.orchestrate.chaos.checker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * After the final heal the cluster comes back: a leader is reported within a bound, every replica
 * reaches one applied index in some sampling round, and any two replicas that report the same
 * applied index report the same state digest (the state machine is deterministic and no replica
 * diverged).
 */
public final class ReplicasConverge implements Invariant {
  private final Duration leaderBound;

  public ReplicasConverge(Duration leaderBound) {
    this.leaderBound = leaderBound;
  }

  @Override
  public String name() {
    return "replicas-converge";
  }

  @Override
  public String meaning() {
    return "after the final heal a leader exists within " + leaderBound.toSeconds() + "s, and every replica reports the same digest at the same applied index";
  }

  @Override
  public InvariantResult check(History h) {
    if (h.leaderAfterHealMillis() == null || h.leaderAfterHealMillis() > leaderBound.toMillis()) {
      return InvariantResult.fail(this, 0, "no leader within " + leaderBound.toMillis() + " ms of the final heal (first reported after "
          + h.leaderAfterHealMillis() + " ms)");
    }
    Map<Long, DigestSample> byIndex = new HashMap<>();
    long checked = 0;
    for (DigestSample s : h.digests()) {
      checked++;
      DigestSample other = byIndex.putIfAbsent(s.appliedIndex(), s);
      if (other != null && !other.digest().equals(s.digest())) {
        return InvariantResult.fail(this, checked, "divergence: at applied index " + s.appliedIndex() + " " + other.manager() + " has digest "
            + other.digest() + " but " + s.manager() + " has " + s.digest());
      }
    }
    Map<Integer, Map<String, Long>> rounds = new TreeMap<>();
    for (DigestSample s : h.digests()) rounds.computeIfAbsent(s.round(), r -> new HashMap<>()).put(s.manager(), s.appliedIndex());
    boolean converged = rounds.values().stream()
        .anyMatch(r -> r.keySet().containsAll(h.managers()) && Set.copyOf(r.values()).size() == 1);
    if (!converged) {
      String last = rounds.isEmpty() ? "no samples" : rounds.values().stream().reduce((a, b) -> b).orElseThrow().entrySet().stream()
          .sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "@" + e.getValue()).collect(Collectors.joining(", "));
      return InvariantResult.fail(this, checked, "replicas never reported one applied index together after the heal; last round: " + last);
    }
    return InvariantResult.pass(this, checked);
  }
}
