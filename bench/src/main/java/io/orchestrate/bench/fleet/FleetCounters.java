package io.orchestrate.bench.fleet;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the whole simulated fleet has seen, summed over its workers. Written by the fleet's event
 * loops, read by the bench's thread at any time; each figure is exact on its own, not a snapshot
 * taken together with the others.
 */
public final class FleetCounters {
  private final LongAdder frames = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder desiredFrames = new LongAdder();
  private final AtomicLong largestDesiredFrame = new AtomicLong();
  private final AtomicLong largestFrame = new AtomicLong();
  private final AtomicInteger registered = new AtomicInteger();
  private final LongAdder registrations = new LongAdder();
  private final LongAdder notLeader = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder resets = new LongAdder();
  /** Connections that ended before the manager answered Register: refused handshakes among them. */
  private final LongAdder closedUnregistered = new LongAdder();
  private final LongAdder protocolErrors = new LongAdder();
  private final LongAdder held = new LongAdder();
  private final LongAdder reportedRunning = new LongAdder();
  private final LongAdder statusMessages = new LongAdder();
  private final LongAdder staleTerm = new LongAdder();
  private final LongAdder removedAfterMark = new LongAdder();
  private final LongAdder regeneratedAfterMark = new LongAdder();
  private final AtomicLong ttlMs = new AtomicLong();

  // ---- event loops ----

  void frame(int size) {
    frames.increment();
    bytes.add(size);
    largestFrame.accumulateAndGet(size, Math::max);
  }

  void desiredFrame(int size) {
    desiredFrames.increment();
    largestDesiredFrame.accumulateAndGet(size, Math::max);
  }

  void registered(long ttl) {
    registered.incrementAndGet();
    registrations.increment();
    ttlMs.set(ttl);
  }

  void unregistered() {
    registered.decrementAndGet();
  }

  void notLeader() {
    notLeader.increment();
  }

  void connectFailed() {
    connectFailures.increment();
  }

  void reset() {
    resets.increment();
  }

  void closedBeforeRegistered() {
    closedUnregistered.increment();
  }

  void protocolError() {
    protocolErrors.increment();
  }

  void heldChanged(long delta) {
    held.add(delta);
  }

  void reported(int running) {
    statusMessages.increment();
    reportedRunning.add(running);
  }

  void staleTerm() {
    staleTerm.increment();
  }

  void countRemovedAfterMark() {
    removedAfterMark.increment();
  }

  void countRegeneratedAfterMark() {
    regeneratedAfterMark.increment();
  }

  // ---- any thread ----

  /** Frames received, of every kind. */
  public long frames() {
    return frames.sum();
  }

  /** Bytes of those frames, length prefixes excluded. */
  public long bytes() {
    return bytes.sum();
  }

  public long desiredFrames() {
    return desiredFrames.sum();
  }

  /** The largest Desired frame any worker received, in bytes without the length prefix. */
  public long largestDesiredFrame() {
    return largestDesiredFrame.get();
  }

  public long largestFrame() {
    return largestFrame.get();
  }

  /** Workers registered with a leader right now. */
  public int registered() {
    return registered.get();
  }

  /** Registered answers received in all: one per worker at the start, one more per reconnection. */
  public long registrations() {
    return registrations.sum();
  }

  public long notLeaderAnswers() {
    return notLeader.sum();
  }

  public long connectFailures() {
    return connectFailures.sum();
  }

  /** Connections that ended in an I/O error: reset by a manager killed or stopped. */
  /** Connections that ended before the manager answered their Register (a refused TLS handshake ends so). */
  public long closedUnregistered() {
    return closedUnregistered.sum();
  }

  public long resets() {
    return resets.sum();
  }

  /** Connections dropped because a frame could not be read (over the limit, not a message): none should be. */
  public long protocolErrors() {
    return protocolErrors.sum();
  }

  /** Tasks the workers run now, summed (each worker's current desired set). */
  public long held() {
    return held.sum();
  }

  /** RUNNING reports sent, one per newly desired (task, generation). */
  public long reportedRunning() {
    return reportedRunning.sum();
  }

  public long statusMessages() {
    return statusMessages.sum();
  }

  /** Leader messages dropped because a higher term had been seen. */
  public long staleTermMessages() {
    return staleTerm.sum();
  }

  /** Tasks a worker held at the mark and was later told to stop. */
  public long removedAfterMark() {
    return removedAfterMark.sum();
  }

  /** Tasks a worker held at the mark and was later sent again with another generation (a restart elsewhere or in place). */
  public long regeneratedAfterMark() {
    return regeneratedAfterMark.sum();
  }

  /** The node TTL the last Registered message gave, 0 before any. */
  public long ttlMs() {
    return ttlMs.get();
  }
}
