package io.orchestrate.scheduler;

import io.orchestrate.core.model.NodeState;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The working copy of the cluster for one planning pass, laid out as parallel primitive arrays so
 * that the per-task scan over nodes touches no objects. Nodes are indexed in id order. Free
 * capacity only ever decreases during a pass, which is what lets a planner stop trying a task class
 * after its first failure.
 *
 * <p>Created and used by a single {@code plan} call on the caller's thread; never shared.
 */
final class NodeTable {
  /** Same slack as {@code Resources.fits}, so the plan agrees with the manager's re-validation. */
  static final double CPU_EPSILON = 1e-9;

  final int n;
  final NodeView[] views;
  final String[] ids;
  final boolean[] ready;
  final double[] capCpu;
  final long[] capMem;
  final long[] capDisk;
  final double[] freeCpu;
  final long[] freeMem;
  final long[] freeDisk;
  /** Tasks on each node, including those placed by this pass. */
  final int[] tasks;
  /** Seeded permutation: the last tie-break between equally good nodes. */
  final int[] rank;
  final int readyCount;
  /** Tasks placed so far by this pass, for reasons that mention earlier placements. */
  int placed;

  private final boolean trackJobs;
  private final Map<String, int[]> jobCounts = new HashMap<>();
  private final Map<Eligibility, int[]> eligibleBy = new HashMap<>();

  /** What makes a ready node a candidate for a class, before resources: its labels and what it allows. */
  private record Eligibility(Map<String, String> constraints, java.util.Set<String> requires,
      java.util.List<io.orchestrate.core.spec.PlacementConstraint> rules) {}

  NodeTable(ClusterSnapshot cluster, long seed, boolean trackJobs) {
    this.trackJobs = trackJobs;
    views = cluster.nodes().toArray(new NodeView[0]);
    Arrays.sort(views, Comparator.comparing(NodeView::id));
    n = views.length;
    ids = new String[n];
    ready = new boolean[n];
    capCpu = new double[n];
    capMem = new long[n];
    capDisk = new long[n];
    freeCpu = new double[n];
    freeMem = new long[n];
    freeDisk = new long[n];
    tasks = new int[n];
    int readyNodes = 0;
    for (int i = 0; i < n; i++) {
      NodeView v = views[i];
      ids[i] = v.id();
      ready[i] = v.state() == NodeState.READY;
      if (ready[i]) readyNodes++;
      capCpu[i] = v.capacity().cpu();
      capMem[i] = v.capacity().memoryMb();
      capDisk[i] = v.capacity().diskMb();
      freeCpu[i] = capCpu[i] - v.allocated().cpu();
      freeMem[i] = capMem[i] - v.allocated().memoryMb();
      freeDisk[i] = capDisk[i] - v.allocated().diskMb();
      tasks[i] = v.taskCount();
    }
    readyCount = readyNodes;
    rank = shuffledIdentity(n, seed);
  }

  private static int[] shuffledIdentity(int n, long seed) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) r[i] = i;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = r[i];
      r[i] = r[j];
      r[j] = tmp;
    }
    return r;
  }

  boolean fits(int i, double cpu, long mem, long disk) {
    return cpu <= freeCpu[i] + CPU_EPSILON && mem <= freeMem[i] && disk <= freeDisk[i];
  }

  /**
   * Resources fit and, for a distinct-node class, no task of the job is on the node.
   *
   * @param jobOnNode the job's per-node counts, or null when the class does not ask for distinct nodes
   */
  boolean feasible(int i, TaskClass c, int[] jobOnNode) {
    return fits(i, c.cpu, c.mem, c.disk) && (jobOnNode == null || jobOnNode[i] == 0);
  }

  void place(int i, TaskClass c) {
    freeCpu[i] -= c.cpu;
    freeMem[i] -= c.mem;
    freeDisk[i] -= c.disk;
    tasks[i]++;
    placed++;
    if (trackJobs) jobCounts(c.jobId)[i]++;
  }

  /**
   * Tasks of {@code jobId} per node, live: includes placements made by this pass. Only available
   * when the table was built with job tracking, since a count materialised later would miss them.
   */
  int[] jobCounts(String jobId) {
    if (!trackJobs) throw new IllegalStateException("table built without job tracking");
    return jobCounts.computeIfAbsent(jobId, job -> {
      int[] counts = new int[n];
      for (int i = 0; i < n; i++) counts[i] = views[i].jobTaskCounts().getOrDefault(job, 0);
      return counts;
    });
  }

  /** Ready nodes that carry every constraint label of {@code c} and allow every mode it requires, ascending index. */
  int[] eligible(TaskClass c) {
    return eligible(c.constraints, c.requires, c.rules);
  }

  /** Ready nodes carrying every constraint label and allowing every required mode, ascending index. Cached per pair. */
  int[] eligible(Map<String, String> constraints, java.util.Set<String> requires) {
    return eligible(constraints, requires, java.util.List.of());
  }

  /** As {@link #eligible(Map, java.util.Set)}, the nodes also meeting every one of the job file's {@code rules}. */
  int[] eligible(Map<String, String> constraints, java.util.Set<String> requires, java.util.List<io.orchestrate.core.spec.PlacementConstraint> rules) {
    return eligibleBy.computeIfAbsent(new Eligibility(constraints, requires, rules), this::computeEligible);
  }

  private int[] computeEligible(Eligibility e) {
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (ready[i] && matches(views[i], e.constraints()) && meets(views[i], e.rules()) && views[i].allows().containsAll(e.requires())) out[k++] = i;
    }
    return Arrays.copyOf(out, k);
  }

  static boolean meets(NodeView node, java.util.List<io.orchestrate.core.spec.PlacementConstraint> rules) {
    for (io.orchestrate.core.spec.PlacementConstraint r : rules) if (!r.matches(node.id(), node.labels())) return false;
    return true;
  }

  static boolean matches(NodeView node, Map<String, String> constraints) {
    for (Map.Entry<String, String> e : constraints.entrySet()) {
      if (!e.getValue().equals(node.labels().get(e.getKey()))) return false;
    }
    return true;
  }
}
