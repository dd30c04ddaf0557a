package io.orchestrate.scheduler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The algorithms by name. Instances are immutable and stateless, so the same instance is handed to
 * every caller.
 */
public final class Schedulers {
  public static final String ROUND_ROBIN = RoundRobinPlanner.NAME;
  public static final String EPVM = "epvm";
  public static final String BINPACK = "binpack";
  public static final String SPREAD = "spread";
  /** E-PVM: spreads load while nodes are quiet and steers away from resources close to full. */
  public static final String DEFAULT = EPVM;

  private static final Map<String, PlacementAlgorithm> BY_NAME = build();

  private Schedulers() {}

  private static Map<String, PlacementAlgorithm> build() {
    Map<String, PlacementAlgorithm> m = new LinkedHashMap<>();
    m.put(ROUND_ROBIN, new RoundRobinPlanner());
    m.put(EPVM, new ScoringPlanner(EPVM, false, EpvmScorer::new));
    m.put(BINPACK, new ScoringPlanner(BINPACK, false, BinpackScorer::new));
    m.put(SPREAD, new ScoringPlanner(SPREAD, true, SpreadScorer::new));
    return Map.copyOf(m);
  }

  /** Valid names, in a fixed order. */
  public static List<String> names() {
    return List.of(ROUND_ROBIN, EPVM, BINPACK, SPREAD);
  }

  /**
   * @throws IllegalArgumentException naming the bad value and listing the valid ones
   */
  public static PlacementAlgorithm byName(String name) {
    PlacementAlgorithm a = name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
    if (a == null) {
      throw new IllegalArgumentException(
          "unknown scheduler algorithm \"" + name + "\"; valid: " + String.join(", ", names()));
    }
    return a;
  }

  public static PlacementAlgorithm defaultAlgorithm() {
    return byName(DEFAULT);
  }
}
