package io.orchestrate.scheduler;

/**
 * E-PVM (Amir et al., "An Opportunity Cost Approach for Job Assignment in a Scalable Computing
 * Cluster"): each resource of each node costs {@code base^utilisation} with {@code base} the number
 * of ready nodes (at least 2), and a task goes where it raises the total cost least. Because the
 * cost is convex, load spreads while nodes are quiet and a nearly full resource becomes expensive
 * long before it runs out.
 *
 * <p>The marginal cost of a resource is {@code base^(u+d) - base^u = base^u * (base^d - 1)} with
 * {@code d = need / capacity}. {@code base^u} is kept per node and refreshed only when the node
 * receives a task; {@code base^d - 1} depends only on the class and the node's capacity, so it is
 * computed once per class per distinct capacity. Scoring a node is then three multiply-adds.
 */
final class EpvmScorer implements NodeScorer {
  private final NodeTable t;
  private final double lnBase;
  private final double[] costCpu;
  private final double[] costMem;
  private final double[] costDisk;
  private final CapacityShapes cpuShapes;
  private final CapacityShapes memShapes;
  private final CapacityShapes diskShapes;
  private final double[] stepCpu;
  private final double[] stepMem;
  private final double[] stepDisk;

  EpvmScorer(NodeTable t) {
    this.t = t;
    lnBase = Math.log(Math.max(2, t.readyCount));
    costCpu = new double[t.n];
    costMem = new double[t.n];
    costDisk = new double[t.n];
    for (int i = 0; i < t.n; i++) refresh(i);
    cpuShapes = CapacityShapes.of(t.capCpu);
    memShapes = CapacityShapes.of(t.capMem);
    diskShapes = CapacityShapes.of(t.capDisk);
    stepCpu = new double[cpuShapes.values.length];
    stepMem = new double[memShapes.values.length];
    stepDisk = new double[diskShapes.values.length];
  }

  @Override
  public void prepare(TaskClass c) {
    fillSteps(stepCpu, cpuShapes.values, c.cpu);
    fillSteps(stepMem, memShapes.values, c.mem);
    fillSteps(stepDisk, diskShapes.values, c.disk);
  }

  private void fillSteps(double[] step, double[] capacities, double need) {
    // A zero-capacity resource can only host zero need (feasibility guarantees it): no cost change.
    for (int s = 0; s < step.length; s++) step[s] = capacities[s] > 0 ? Math.expm1(lnBase * need / capacities[s]) : 0;
  }

  @Override
  public double score(int i) {
    return costCpu[i] * stepCpu[cpuShapes.shapeOf[i]]
        + costMem[i] * stepMem[memShapes.shapeOf[i]]
        + costDisk[i] * stepDisk[diskShapes.shapeOf[i]];
  }

  @Override
  public void placed(int i) {
    refresh(i);
  }

  private void refresh(int i) {
    costCpu[i] = cost(t.capCpu[i] - t.freeCpu[i], t.capCpu[i]);
    costMem[i] = cost(t.capMem[i] - t.freeMem[i], t.capMem[i]);
    costDisk[i] = cost(t.capDisk[i] - t.freeDisk[i], t.capDisk[i]);
  }

  private double cost(double used, double capacity) {
    return capacity > 0 ? Math.exp(lnBase * used / capacity) : 0;
  }
}
