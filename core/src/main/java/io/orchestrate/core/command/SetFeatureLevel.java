package io.orchestrate.core.command;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Raises the cluster feature level. The leader decides and writes what apply needs: the level,
 * each voting manager's highest supported level as the leader learned it when it decided, and the
 * time. Apply refuses (a replicated outcome) to lower the level or to raise it above any listed
 * voter's level, so every replica takes the same decision from the entry and the state alone.
 *
 * @param level   the level to reach
 * @param voters  voting manager id to the highest level it supports, sorted; empty only for an
 *                initial level
 * @param initial true for the level the first leader of an empty log sets, with no voter list:
 *                applies only while no level was ever set
 * @param atMillis when the leader decided, epoch ms
 */
public record SetFeatureLevel(int level, Map<String, Integer> voters, boolean initial, long atMillis) implements Command {

  public SetFeatureLevel {
    voters = voters == null || voters.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(voters));
  }

  @Override
  public CommandType type() {
    return CommandType.SET_FEATURE_LEVEL;
  }
}
