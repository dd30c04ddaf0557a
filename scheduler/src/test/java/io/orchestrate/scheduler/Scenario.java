package io.orchestrate.scheduler;

import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.spec.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A random cluster and task list for property tests, fully determined by its sizes and two seeds so
 * that a failing case can be rebuilt from the line that reports it. The value ranges
 * are chosen to make every outcome common: full nodes, over-committed nodes, unmatched constraints,
 * distinct-node conflicts, down and draining nodes.
 */
record Scenario(List<NodeView> nodes, List<TaskRequest> tasks, long seed) {
  private static final double[] CPUS = {0, 0.5, 1, 2, 4, 8, 1.3};
  private static final long[] MEMS = {0, 512, 1024, 2048, 4096, 8192};
  private static final long[] DISKS = {0, 1000, 10_000};
  private static final double[] TASK_CPUS = {0, 0.1, 0.25, 0.5, 1, 2, 3, 0.3};
  private static final long[] TASK_MEMS = {0, 64, 256, 1024, 3000};
  private static final long[] TASK_DISKS = {0, 0, 100, 5000};
  private static final String[] ZONES = {"a", "b", "c"};

  static Scenario random(int nodeCount, int taskCount, long contentSeed, long planSeed) {
    SplittableRandom r = new SplittableRandom(contentSeed);
    List<NodeView> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      Resources cap = Resources.of(pick(r, CPUS), pick(r, MEMS), pick(r, DISKS));
      // Mostly partial use; sometimes more than capacity, as after a node shrinks.
      double f = r.nextInt(10) == 0 ? 1.5 : r.nextDouble() * 0.8;
      Resources alloc = Resources.of(cap.cpu() * f, (long) (cap.memoryMb() * f), (long) (cap.diskMb() * f));
      Map<String, String> labels = new HashMap<>();
      if (r.nextInt(5) > 0) labels.put("zone", ZONES[r.nextInt(ZONES.length)]);
      if (r.nextBoolean()) labels.put("disk", "ssd");
      Map<String, Integer> perJob = new HashMap<>();
      int count = 0;
      for (int j = 0; j < 3; j++) {
        int k = r.nextInt(3) == 0 ? r.nextInt(3) : 0;
        if (k > 0) perJob.put("job-" + j, k);
        count += k;
      }
      NodeState state = r.nextInt(5) == 0 ? (r.nextBoolean() ? NodeState.DOWN : NodeState.DRAINING) : NodeState.READY;
      nodes.add(new NodeView("node-" + i, state, cap, alloc, labels, count + r.nextInt(3), perJob));
    }
    List<TaskRequest> tasks = new ArrayList<>();
    for (int t = 0; t < taskCount; t++) {
      Map<String, String> constraints = new HashMap<>();
      if (r.nextInt(5) == 0) constraints.put("zone", ZONES[r.nextInt(ZONES.length)]);
      if (r.nextInt(8) == 0) constraints.put("disk", "ssd");
      if (r.nextInt(20) == 0) constraints.put("gpu", "yes");
      Resources need = Resources.of(pick(r, TASK_CPUS), pick(r, TASK_MEMS), pick(r, TASK_DISKS));
      tasks.add(new TaskRequest("task-" + t, "job-" + r.nextInt(4), "g" + r.nextInt(2), need, constraints, r.nextInt(6) == 0));
    }
    return new Scenario(nodes, tasks, planSeed);
  }

  ClusterSnapshot cluster() {
    return new ClusterSnapshot(nodes);
  }

  private static double pick(SplittableRandom r, double[] values) {
    return values[r.nextInt(values.length)];
  }

  private static long pick(SplittableRandom r, long[] values) {
    return values[r.nextInt(values.length)];
  }
}
