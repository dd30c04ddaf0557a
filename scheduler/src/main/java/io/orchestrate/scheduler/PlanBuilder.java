package io.orchestrate.scheduler;

import java.util.ArrayList;
import java.util.List;

/** Collects decisions during one pass; owned by that pass. */
final class PlanBuilder {
  private final List<Placement> placements;
  private final List<Unplaced> unplaced = new ArrayList<>();

  PlanBuilder(int expected) {
    placements = new ArrayList<>(expected);
  }

  void placed(TaskRequest task, String nodeId) {
    placements.add(new Placement(task.taskId(), nodeId));
  }

  /** Marks members {@code from..end} of {@code c} unplaced: once one fails, its siblings cannot fit either. */
  void unplacedFrom(TaskClass c, int from, String reason) {
    for (int k = from; k < c.members.size(); k++) unplaced.add(new Unplaced(c.members.get(k).taskId(), reason));
  }

  Plan build(String algorithm, long seed) {
    return new Plan(algorithm, seed, placements, unplaced);
  }
}
