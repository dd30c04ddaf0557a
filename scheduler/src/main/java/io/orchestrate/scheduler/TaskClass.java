package io.orchestrate.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks that are interchangeable for placement: same job, resources, constraints, distinct-node
 * setting and required modes. A planner scores the nodes once per class and then only re-scores the node it just used,
 * which is what keeps a pass near O(classes x nodes + tasks x nodes) cheap comparisons.
 */
final class TaskClass {
  final String jobId;
  final double cpu;
  final long mem;
  final long disk;
  final Map<String, String> constraints;
  final boolean distinctNodes;
  final java.util.Set<String> requires;
  final List<io.orchestrate.core.spec.PlacementConstraint> rules;
  final List<TaskRequest> members = new ArrayList<>();

  private TaskClass(Key k) {
    jobId = k.jobId;
    cpu = k.cpu;
    mem = k.mem;
    disk = k.disk;
    constraints = k.constraints;
    distinctNodes = k.distinct;
    requires = k.requires;
    rules = k.rules;
  }

  private record Key(String jobId, double cpu, long mem, long disk, Map<String, String> constraints, boolean distinct,
      java.util.Set<String> requires, List<io.orchestrate.core.spec.PlacementConstraint> rules) {
    static Key of(TaskRequest t) {
      return new Key(t.jobId(), t.resources().cpu(), t.resources().memoryMb(), t.resources().diskMb(),
          t.constraints(), t.distinctNodes(), t.requires(), t.rules());
    }
  }

  static boolean anyDistinct(List<TaskClass> classes) {
    for (TaskClass c : classes) if (c.distinctNodes) return true;
    return false;
  }

  /**
   * Groups {@code tasks} by class in order of each class's first appearance, keeping input order
   * inside a class.
   *
   * @throws IllegalArgumentException naming the position of a null or duplicate task
   */
  static List<TaskClass> group(List<TaskRequest> tasks) {
    if (tasks == null) throw new IllegalArgumentException("tasks must not be null");
    Map<Key, TaskClass> classes = new LinkedHashMap<>();
    Map<String, Integer> seen = new HashMap<>(tasks.size() * 2);
    for (int i = 0; i < tasks.size(); i++) {
      TaskRequest t = tasks.get(i);
      if (t == null) throw new IllegalArgumentException("tasks[" + i + "] must not be null");
      Integer first = seen.putIfAbsent(t.taskId(), i);
      if (first != null) {
        throw new IllegalArgumentException("tasks[" + i + "].taskId \"" + t.taskId() + "\" duplicates tasks[" + first + "]");
      }
      classes.computeIfAbsent(Key.of(t), TaskClass::new).members.add(t);
    }
    return new ArrayList<>(classes.values());
  }
}
