package io.orchestrate.scheduler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one planning pass: every requested task appears exactly once, either in
 * {@code placements} (in the order they were decided) or in {@code unplaced}. Placements are
 * cumulative: each was checked against capacity left by the ones before it.
 *
 * @param algorithm the name of the algorithm that produced it
 * @param seed      the seed it was computed with; same inputs and seed give an equal plan
 */
public record Plan(String algorithm, long seed, List<Placement> placements, List<Unplaced> unplaced) {

  public Plan {
    placements = List.copyOf(placements);
    unplaced = List.copyOf(unplaced);
  }

  /** taskId → nodeId in placement order. */
  public Map<String, String> assignments() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Placement p : placements) m.put(p.taskId(), p.nodeId());
    return Collections.unmodifiableMap(m);
  }

  /** True when every requested task was placed. */
  public boolean complete() {
    return unplaced.isEmpty();
  }
}
