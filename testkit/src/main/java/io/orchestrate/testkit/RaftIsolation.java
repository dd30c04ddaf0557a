package io.orchestrate.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.util.CodeInjectionForTesting;

/**
 * Cuts managers off from each other inside one JVM, as a network partition between manager hosts
 * would: every Raft RPC between an isolated peer and any other (vote requests, appends and
 * heartbeats, snapshot chunks) gets no answer while the partition lasts, and fails when it heals,
 * as packets lost on the way would. No answer, rather than a quick error, matters: an error reply
 * still tells a leader its follower is alive, and a leader cut off from its majority must see
 * silence to step down. Workers and HTTP clients can still
 * reach it, which is the partition that tests the gateway: a leader cut off from its peers but not
 * from its workers.
 *
 * <p>Built on the injection points Ratis places at the top of each server RPC handler; they are
 * JVM-wide, hence one static set of isolated peer ids.
 */
final class RaftIsolation {
  /** The injection points of {@code RaftServerImpl} (its package-private constants' values). */
  private static final String[] POINTS = {"RaftServerImpl.requestVote", "RaftServerImpl.appendEntries", "RaftServerImpl.installSnapshot"};
  private static final Set<String> ISOLATED = ConcurrentHashMap.newKeySet();

  static {
    for (String point : POINTS) {
      CodeInjectionForTesting.put(point, (local, remote, args) -> {
        if (!isolated(local) && !isolated(remote)) return false;
        awaitHeal(local, remote);
        throw new IllegalStateException("test partition: " + remote + " -> " + local + " dropped");
      });
    }
  }

  private RaftIsolation() {}

  private static final Object HEALED = new Object();

  /**
   * Holds the RPC (on a gRPC executor thread) for as long as a lost packet's sender would wait, or
   * until the heal, whichever is first; the sender then sees it fail and tries again.
   */
  private static void awaitHeal(Object local, Object remote) {
    long deadline = System.nanoTime() + LOST_AFTER_NANOS;
    synchronized (HEALED) {
      while (isolated(local) || isolated(remote)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return;
        try {
          HEALED.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** How long an RPC into the partition hangs before it fails: longer than an election timeout. */
  private static final long LOST_AFTER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);

  private static boolean isolated(Object peer) {
    return peer != null && ISOLATED.contains(peer.toString());
  }

  static void isolate(String managerId) {
    ISOLATED.add(managerId);
  }

  static void heal(String managerId) {
    ISOLATED.remove(managerId);
    synchronized (HEALED) {
      HEALED.notifyAll();
    }
  }

  static boolean isIsolated(String managerId) {
    return ISOLATED.contains(managerId);
  }
}
