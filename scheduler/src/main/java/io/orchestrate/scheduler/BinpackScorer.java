package io.orchestrate.scheduler;

/**
 * Best fit, as in Nomad's bin-packing: the score is what the node would have left after the task,
 * summed over resources as fractions of its capacity, so the fullest node that still fits wins and
 * empty nodes stay empty for large tasks (or for scaling down).
 */
final class BinpackScorer implements NodeScorer {
  private final NodeTable t;
  private final double[] invCpu;
  private final double[] invMem;
  private final double[] invDisk;
  private double cpu;
  private double mem;
  private double disk;

  BinpackScorer(NodeTable t) {
    this.t = t;
    invCpu = new double[t.n];
    invMem = new double[t.n];
    invDisk = new double[t.n];
    for (int i = 0; i < t.n; i++) {
      // A resource the node does not have cannot distinguish nodes; weight it zero.
      invCpu[i] = t.capCpu[i] > 0 ? 1 / t.capCpu[i] : 0;
      invMem[i] = t.capMem[i] > 0 ? 1.0 / t.capMem[i] : 0;
      invDisk[i] = t.capDisk[i] > 0 ? 1.0 / t.capDisk[i] : 0;
    }
  }

  @Override
  public void prepare(TaskClass c) {
    cpu = c.cpu;
    mem = c.mem;
    disk = c.disk;
  }

  @Override
  public double score(int i) {
    return (t.freeCpu[i] - cpu) * invCpu[i] + (t.freeMem[i] - mem) * invMem[i] + (t.freeDisk[i] - disk) * invDisk[i];
  }
}
