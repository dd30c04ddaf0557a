package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /v1/cluster/features}: the cluster's active feature level, what each voting manager
 * supports, and what each level adds.
 *
 * @param level        the active level
 * @param setAtMillis  when the level was last set, epoch ms; 0 for a cluster at the baseline
 * @param highest      the highest level the answering manager's build supports
 * @param upgradableTo the highest level every voting manager supports (what {@code cluster features
 *                     upgrade} would raise to), or 0 when some manager could not be asked
 * @param managers     every voting manager, by id
 * @param levels       every level up to {@code highest}, with what it adds
 */
public record FeaturesView(int level, long setAtMillis, int highest, int upgradableTo, List<Manager> managers, List<Level> levels) {

  /**
   * @param supported the highest level that manager supports, as it answered just now; absent when
   *                  it could not be asked
   * @param problem   why it could not be asked
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Manager(String id, Integer supported, String problem) {}

  /** @param adds one line per feature the level adds */
  public record Level(int level, List<String> adds) {}
}
