package io.orchestrate.bench.jmh;

import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.scheduler.ClusterSnapshot;
import io.orchestrate.scheduler.NodeView;
import io.orchestrate.scheduler.TaskRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fixed, seeded cluster and pending-task list shaped like a busy production round: a few machine
 * types, three zones, some nodes down or draining, nodes partly used, and jobs whose groups ask for
 * several identical tasks. Generation is deterministic so figures are comparable between runs.
 */
final class BenchWorkload {
  private static final Resources[] MACHINES = {
      Resources.of(4, 16_384, 100_000), Resources.of(8, 32_768, 200_000),
      Resources.of(16, 65_536, 400_000), Resources.of(32, 131_072, 800_000)};
  private static final Resources[] TASK_SIZES = {
      Resources.of(0.1, 64, 0), Resources.of(0.25, 256, 100), Resources.of(0.5, 512, 500),
      Resources.of(1, 1024, 1000), Resources.of(2, 4096, 2000), Resources.of(4, 8192, 10_000)};
  private static final String[] ZONES = {"a", "b", "c"};

  private BenchWorkload() {}

  static ClusterSnapshot cluster(int nodes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<NodeView> out = new ArrayList<>(nodes);
    for (int i = 0; i < nodes; i++) {
      Resources cap = MACHINES[r.nextInt(MACHINES.length)];
      double used = r.nextDouble() * 0.4;
      Resources alloc = Resources.of(cap.cpu() * used, (long) (cap.memoryMb() * used), (long) (cap.diskMb() * used));
      int roll = r.nextInt(100);
      NodeState state = roll < 2 ? NodeState.DOWN : roll < 3 ? NodeState.DRAINING : NodeState.READY;
      Map<String, String> labels = r.nextInt(10) == 0
          ? Map.of("zone", ZONES[i % ZONES.length], "disk", "ssd")
          : Map.of("zone", ZONES[i % ZONES.length]);
      out.add(new NodeView(String.format("node-%04d", i), state, cap, alloc, labels, r.nextInt(20)));
    }
    return new ClusterSnapshot(out);
  }

  /**
   * {@code count} tasks. When {@code grouped}, tasks come in groups of 1..40 identical siblings (the
   * usual case); otherwise every task asks for a slightly different amount, defeating any per-group
   * caching, to show the worst case.
   */
  static List<TaskRequest> tasks(int count, boolean grouped, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<TaskRequest> out = new ArrayList<>(count);
    int job = 0;
    while (out.size() < count) {
      String jobId = "job-" + job++;
      int groups = 1 + r.nextInt(3);
      for (int g = 0; g < groups && out.size() < count; g++) {
        Resources size = TASK_SIZES[r.nextInt(TASK_SIZES.length)];
        Map<String, String> constraints = r.nextInt(10) == 0 ? Map.of("zone", ZONES[r.nextInt(ZONES.length)]) : Map.of();
        boolean distinct = r.nextInt(20) == 0;
        int siblings = 1 + r.nextInt(40);
        for (int k = 0; k < siblings && out.size() < count; k++) {
          Resources need = grouped ? size : Resources.of(size.cpu(), size.memoryMb() + out.size() % 97, size.diskMb());
          out.add(new TaskRequest(jobId + "-g" + g + "-" + k, jobId, "g" + g, need, constraints, distinct));
        }
      }
    }
    return out;
  }
}
