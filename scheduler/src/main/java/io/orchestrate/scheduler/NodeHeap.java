package io.orchestrate.scheduler;

/**
 * The feasible nodes of one task class, ordered as {@link ScoringPlanner} ranks them: lowest score,
 * then fewer tasks, then the seeded rank (a permutation, so the order is total and the minimum is
 * unique). Placing a task changes only the chosen node's score and task count, so after each
 * placement the root alone is re-keyed and sifted down: picking the best of n nodes costs
 * O(log n) instead of a scan of all n, which at 10,000 nodes is what the scheduling thread spent
 * most of its time on.
 *
 * <p>Keys live in the caller's arrays ({@code score}, {@code t.tasks}, {@code t.rank}); the heap
 * holds node indices only. Owned by one class placement of one pass.
 */
final class NodeHeap {
  private final NodeTable t;
  private final double[] score;
  private final int[] heap;
  private int size;

  /** A heap of the nodes in {@code candidates} whose score is finite. */
  NodeHeap(NodeTable t, double[] score, int[] candidates) {
    this.t = t;
    this.score = score;
    heap = new int[candidates.length];
    for (int i : candidates) if (score[i] != Double.POSITIVE_INFINITY) heap[size++] = i;
    for (int k = size / 2 - 1; k >= 0; k--) siftDown(k);
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The best node; only valid when not {@link #isEmpty()}. */
  int best() {
    return heap[0];
  }

  /**
   * The best node's score or task count changed (it just received a task): keeps it, re-ordered,
   * or drops it when its new score is infinite (it can take no more of this class).
   */
  void bestChanged() {
    if (score[heap[0]] == Double.POSITIVE_INFINITY) {
      heap[0] = heap[--size];
      if (size == 0) return;
    }
    siftDown(0);
  }

  private void siftDown(int k) {
    int node = heap[k];
    while (true) {
      int child = 2 * k + 1;
      if (child >= size) break;
      if (child + 1 < size && before(heap[child + 1], heap[child])) child++;
      if (!before(heap[child], node)) break;
      heap[k] = heap[child];
      k = child;
    }
    heap[k] = node;
  }

  /** Whether node {@code a} ranks before node {@code b}: the same comparisons a linear scan makes. */
  private boolean before(int a, int b) {
    double sa = score[a];
    double sb = score[b];
    if (sa < sb) return true;
    if (sa != sb) return false;
    if (t.tasks[a] != t.tasks[b]) return t.tasks[a] < t.tasks[b];
    return t.rank[a] < t.rank[b];
  }
}
