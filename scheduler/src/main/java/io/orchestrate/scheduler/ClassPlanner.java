package io.orchestrate.scheduler;

import java.util.List;
import java.util.Objects;

/**
 * The shared skeleton of every algorithm: validate, build the working table, group tasks into
 * classes and hand each class to the algorithm's placer. Subclasses keep no per-call state in fields;
 * whatever a pass needs lives in the {@link ClassPlacer} that {@link #start} returns.
 */
abstract class ClassPlanner implements PlacementAlgorithm {

  /** Places one class at a time for one pass; owned by that pass. */
  interface ClassPlacer {
    void placeClass(TaskClass c, PlanBuilder out);
  }

  @Override
  public final Plan plan(ClusterSnapshot cluster, List<TaskRequest> tasks, long seed) {
    Objects.requireNonNull(cluster, "cluster must not be null");
    List<TaskClass> classes = TaskClass.group(tasks);
    NodeTable table = new NodeTable(cluster, seed, needsJobCounts() || TaskClass.anyDistinct(classes));
    ClassPlacer placer = start(table);
    PlanBuilder out = new PlanBuilder(tasks.size());
    for (TaskClass c : classes) placer.placeClass(c, out);
    return out.build(name(), seed);
  }

  /** Whether the algorithm reads per-job node counts even for tasks that do not ask for distinct nodes. */
  boolean needsJobCounts() {
    return false;
  }

  abstract ClassPlacer start(NodeTable table);

  @Override
  public String toString() {
    return name();
  }
}
