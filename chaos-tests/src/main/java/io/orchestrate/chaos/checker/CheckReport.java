package io.orchestrate.chaos.checker;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every invariant's verdict for one history. */
public record CheckReport(List<InvariantResult> results) {
  public CheckReport {
    results = List.copyOf(results);
  }

  public boolean valid() {
    return results.stream().allMatch(InvariantResult::passed);
  }

  public Optional<InvariantResult> result(String invariant) {
    return results.stream().filter(r -> r.name().equals(invariant)).findFirst();
  }

  /** One line per broken invariant with its first counterexample; empty when valid. */
  public String violations() {
    return results.stream().filter(r -> !r.passed())
        .map(r -> r.name() + ": " + r.counterexample())
        .collect(Collectors.joining("\n"));
  }
}
