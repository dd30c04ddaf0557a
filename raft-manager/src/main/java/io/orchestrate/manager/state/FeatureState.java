package io.orchestrate.manager.state;

import io.orchestrate.core.codec.Json;
import io.orchestrate.core.feature.FeatureLevel;

/**
 * The feature-level part of a {@link StateImage}: the active level and when it was set. Stored
 * under one key in the {@code features} column family, and only once a level above the baseline
 * is set: a cluster at the baseline holds nothing there, so its store, its snapshots and its state
 * digest are those of a manager of a release before feature levels, and such a store or snapshot
 * opens here at the baseline.
 *
 * @param level    the active cluster feature level
 * @param atMillis when it was set, epoch ms (0 at the baseline)
 */
public record FeatureState(int level, long atMillis) {
  public static final FeatureState BASELINE = new FeatureState(FeatureLevel.BASELINE, 0);
  static final String KEY = "level";

  /** Whether a level was ever set in this state (a baseline cluster has none). */
  public boolean set() {
    return !equals(BASELINE);
  }

  byte[] encode() {
    return Json.bytes(this);
  }

  /** The record at {@code key}; any other key is a broken store and stops the replica. */
  static FeatureState load(String key, byte[] value) {
    if (!key.equals(KEY)) throw new IllegalStateException("unknown record '" + key + "' in the features column family");
    return Json.read(value, FeatureState.class);
  }
}
