package io.orchestrate.core.feature;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster feature level, like Kafka's {@code metadata.version}. Level {@value #BASELINE} is
 * everything before levels existed: every log and snapshot written before them is at that level,
 * and a cluster whose state records no level is at it. Each later level adds the {@link Feature}s
 * that name it. The active level is replicated state, raised (never lowered) by a
 * {@code cluster.feature-level} entry once every voting manager supports the new level, so a
 * rolling upgrade never asks a manager of the earlier release to apply what it cannot read, and a
 * downgrade stays possible until the level is raised.
 */
public final class FeatureLevel {
  /** The level of every log and snapshot written before feature levels existed. */
  public static final int BASELINE = 1;
  /** The highest level this build understands. */
  public static final int HIGHEST = 5;

  private FeatureLevel() {}

  /** The features level {@code level} adds (none for the baseline), in catalogue order. */
  public static List<Feature> adds(int level) {
    List<Feature> out = new ArrayList<>();
    for (Feature f : Feature.values()) if (f.level() == level) out.add(f);
    return out;
  }

  /**
   * The refusal of a request that uses {@code subject} (a field or a log entry of feature
   * {@code f}) while the cluster is at {@code active}: what it needs, where the cluster is, and the
   * step that raises it.
   */
  public static String refusal(String subject, Feature f, int active) {
    return subject + " needs cluster feature level " + f.level() + "; the cluster is at " + active
        + ": run `orchestrate cluster features upgrade` once every manager runs this release";
  }
}
