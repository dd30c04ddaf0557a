package io.orchestrate.scheduler;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The distinct capacity values of one resource across the nodes, with each node's index into them.
 * Clusters are built from a few machine types, so a per-class quantity that depends only on a node's
 * capacity is computed once per shape instead of once per node.
 */
final class CapacityShapes {
  final double[] values;
  final int[] shapeOf;

  private CapacityShapes(double[] values, int[] shapeOf) {
    this.values = values;
    this.shapeOf = shapeOf;
  }

  static CapacityShapes of(double[] capacity) {
    Map<Double, Integer> index = new HashMap<>();
    int[] shapeOf = new int[capacity.length];
    double[] values = new double[capacity.length];
    for (int i = 0; i < capacity.length; i++) {
      Integer s = index.get(capacity[i]);
      if (s == null) {
        s = index.size();
        index.put(capacity[i], s);
        values[s] = capacity[i];
      }
      shapeOf[i] = s;
    }
    return new CapacityShapes(Arrays.copyOf(values, index.size()), shapeOf);
  }

  static CapacityShapes of(long[] capacity) {
    double[] d = new double[capacity.length];
    for (int i = 0; i < capacity.length; i++) d[i] = capacity[i];
    return of(d);
  }
}
