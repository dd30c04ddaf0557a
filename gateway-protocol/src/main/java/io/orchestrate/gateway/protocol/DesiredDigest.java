package io.orchestrate.gateway.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A digest of a desired set that both ends keep up to date one task at a time: the XOR of a
 * 64-bit hash of each (task id, generation). XOR makes it independent of order and lets a delta
 * update it in O(changes): adding and removing a task are the same operation. It detects
 * divergence between a worker's set and the leader's (a lost or misapplied frame, a bug on either
 * side); it is not meant to resist a peer forging collisions.
 */
public final class DesiredDigest {
  private DesiredDigest() {}

  /** The digest of the empty set. */
  public static final long EMPTY = 0L;

  /** The contribution of one task; XOR it in to add the task, XOR it again to remove it. */
  public static long of(String taskId, long generation) {
    long h = 0xcbf29ce484222325L; // FNV-1a over the id's UTF-8 bytes ...
    for (byte b : taskId.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h ^ mix(generation + 0x9e3779b97f4a7c15L)); // ... then the generation, each through a full avalanche
  }

  /** MurmurHash3's 64-bit finalizer: every input bit flips each output bit with probability about one half. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** The digest of a set of tasks. */
  public static long ofTasks(Iterable<DesiredTask> tasks) {
    long d = EMPTY;
    for (DesiredTask t : tasks) d ^= of(t.taskId(), t.generation());
    return d;
  }
}
