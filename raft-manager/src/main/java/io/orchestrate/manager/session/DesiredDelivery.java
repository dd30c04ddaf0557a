package io.orchestrate.manager.session;

import io.orchestrate.gateway.protocol.DesiredDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * What the leader has sent one worker session of its desired set, and what the worker says it
 * holds. The leader thread owns the "sent" side; gateway threads write the worker's acknowledgement
 * and a failed write, which the leader thread reads.
 *
 * <p>Delivery is confirmed, not assumed: a send is only a claim until a heartbeat reports the same
 * version with the same digest. The leader sends the whole set again when a heartbeat shows a
 * digest that differs at the version sent, when acknowledgements stop advancing for
 * {@code resyncAfter} while frames are outstanding, or when a write failed.
 */
public final class DesiredDelivery {
  /** A worker's report of the set it holds, as of one heartbeat. */
  public record Ack(long version, long digest, long atNanos) {}

  // ---- leader thread ----
  private long sentVersion;
  private final Map<String, Long> sentGenerations = new HashMap<>();
  private long sentDigest = DesiredDigest.EMPTY;
  /** The node's task-id set the last send was computed from; identical means nothing changed. */
  private Object sentFrom;
  private boolean needsFull = true;
  /** When the oldest unacknowledged frame was sent (or acknowledgements last advanced), 0 when none is outstanding. */
  private long pendingSinceNanos;
  private long lastAckedVersion;
  private long fullSends;

  // ---- any thread ----
  private volatile Ack ack;
  private volatile String writeFailure;

  /** A heartbeat's report (gateway thread). */
  public void acknowledged(long version, long digest, long atNanos) {
    ack = new Ack(version, digest, atNanos);
  }

  /** A write of a frame failed (Netty thread): what was sent can no longer be assumed. */
  public void writeFailed(String why) {
    writeFailure = why;
  }

  public Ack ack() {
    return ack;
  }

  // ---- leader thread below ----

  public long sentVersion() {
    return sentVersion;
  }

  public long sentDigest() {
    return sentDigest;
  }

  public Map<String, Long> sentGenerations() {
    return sentGenerations;
  }

  public Object sentFrom() {
    return sentFrom;
  }

  /** How many full sets were sent on this session: the first, plus every resend. */
  public long fullSends() {
    return fullSends;
  }

  /**
   * Why the next send must be the whole set, or null when a delta will do. Checked by the leader
   * before every send; consumes a write failure.
   */
  public String fullSetNeeded(long resyncAfterNanos) {
    if (needsFull) return "first set on this connection";
    String failed = writeFailure;
    if (failed != null) {
      writeFailure = null;
      return "a write failed: " + failed;
    }
    Ack a = ack;
    if (a == null) return null;
    if (a.version() == sentVersion) {
      pendingSinceNanos = 0;
      lastAckedVersion = a.version();
      return a.digest() == sentDigest ? null
          : "the worker holds version " + a.version() + " with digest " + Long.toHexString(a.digest()) + ", sent with "
              + Long.toHexString(sentDigest);
    }
    if (a.version() > sentVersion) {
      String why = "the worker reports version " + a.version() + ", beyond the " + sentVersion + " sent";
      sentVersion = a.version(); // the whole set goes out above anything the worker claims, so it cannot be ignored
      return why;
    }
    if (a.version() > lastAckedVersion) {
      lastAckedVersion = a.version();
      pendingSinceNanos = Math.max(pendingSinceNanos, a.atNanos()); // progress: the clock starts again
    }
    if (pendingSinceNanos != 0 && a.atNanos() - pendingSinceNanos > resyncAfterNanos) {
      return "the worker is still at version " + a.version() + " of " + sentVersion + " after "
          + (a.atNanos() - pendingSinceNanos) / 1_000_000 + " ms";
    }
    return null;
  }

  /** Records a full set sent as {@code version}. */
  public void sentFull(long version, Map<String, Long> generations, long digest, Object from, long nowNanos) {
    sentGenerations.clear();
    sentGenerations.putAll(generations);
    recordSend(version, digest, from, nowNanos);
    // Whatever was outstanding is superseded: the wait for an acknowledgement starts now.
    pendingSinceNanos = nowNanos;
    needsFull = false;
    fullSends++;
  }

  /** Records deltas sent up to {@code version}; the caller has already applied them to {@link #sentGenerations()}. */
  public void sentDeltas(long version, long digest, Object from, long nowNanos) {
    recordSend(version, digest, from, nowNanos);
  }

  /** The node's set did not change in a way the worker sees: only remember what it was computed from. */
  public void unchanged(Object from) {
    sentFrom = from;
  }

  private void recordSend(long version, long digest, Object from, long nowNanos) {
    if (pendingSinceNanos == 0) pendingSinceNanos = nowNanos;
    sentVersion = version;
    sentDigest = digest;
    sentFrom = from;
  }
}
