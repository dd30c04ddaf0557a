package io.orchestrate.scheduler;

/**
 * Spread, as in Nomad's job anti-affinity: first the node with the fewest tasks of the same job,
 * then the least utilised one (summed fractions of capacity in use after placement). The job count
 * is weighted above the largest possible utilisation sum (3) so it always decides first.
 */
final class SpreadScorer implements NodeScorer {
  private static final double JOB_WEIGHT = 4;

  private final NodeTable t;
  private final double[] invCpu;
  private final double[] invMem;
  private final double[] invDisk;
  private int[] jobOnNode;
  private double cpu;
  private double mem;
  private double disk;

  SpreadScorer(NodeTable t) {
    this.t = t;
    invCpu = new double[t.n];
    invMem = new double[t.n];
    invDisk = new double[t.n];
    for (int i = 0; i < t.n; i++) {
      invCpu[i] = t.capCpu[i] > 0 ? 1 / t.capCpu[i] : 0;
      invMem[i] = t.capMem[i] > 0 ? 1.0 / t.capMem[i] : 0;
      invDisk[i] = t.capDisk[i] > 0 ? 1.0 / t.capDisk[i] : 0;
    }
  }

  @Override
  public void prepare(TaskClass c) {
    jobOnNode = t.jobCounts(c.jobId);
    cpu = c.cpu;
    mem = c.mem;
    disk = c.disk;
  }

  @Override
  public double score(int i) {
    double used = (t.capCpu[i] - t.freeCpu[i] + cpu) * invCpu[i]
        + (t.capMem[i] - t.freeMem[i] + mem) * invMem[i]
        + (t.capDisk[i] - t.freeDisk[i] + disk) * invDisk[i];
    return jobOnNode[i] * JOB_WEIGHT + used;
  }
}
