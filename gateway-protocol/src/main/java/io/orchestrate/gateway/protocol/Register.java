package io.orchestrate.gateway.protocol;

import io.orchestrate.core.spec.Resources;
import java.util.List;
import java.util.Map;

/**
 * The first message on every connection: who the worker is, what it offers, and every task it
 * runs right now, so that a new leader learns the node's real state before it sends a {@link Desired}.
 *
 * @param nodeId       the worker's node id, stable across restarts
 * @param address      host (or host:port) the worker is reachable at, for operators
 * @param capacity     what the node offers to tasks
 * @param labels       node labels for placement constraints
 * @param driver       the task driver it runs: "docker" or "process"
 * @param runningTasks the tasks it runs (or ran and has not yet reported as ended)
 * @param keepalive    the worker wants a {@link HeartbeatAck} for every heartbeat, so that it can
 *                     tell a leader that froze (paused, swapped out, partitioned one way) from a quiet
 *                     one and move on within its TTL. Absent (null) from version 1 workers.
 * @param versionedDesired the worker reads versioned {@link Desired} sets (parts and deltas) and
 *                     reports what it holds in its heartbeats. Absent (null) before version 3.
 * @param allows       the risky modes its operator allows ({@link io.orchestrate.core.spec.Allow}),
 *                     sorted. Absent before version 4, and left out (the message written as
 *                     version 3) when empty, so that a manager of the release before still reads
 *                     a worker that allows nothing; a manager reads absence as "allows nothing".
 * @param logs         the worker serves its tasks' output ({@link LogRequest}). Absent (null) before
 *                     version 5; a manager answers a log request for an older worker's task with
 *                     "worker does not support logs" instead of sending what it cannot read.
 */
public record Register(
    String nodeId,
    String address,
    Resources capacity,
    Map<String, String> labels,
    String driver,
    List<RunningTask> runningTasks,
    Boolean keepalive,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Boolean versionedDesired,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY) java.util.Set<String> allows,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Boolean logs)
    implements WorkerMessage {
  /** More entries than any release defines; bounds what a worker can make a manager hold and replicate. */
  static final int MAX_ALLOWS = 16;
  static final int MAX_ALLOW_LENGTH = 64;

  public Register {
    Checks.text(nodeId, "register.nodeId");
    Checks.text(address, "register.address");
    Checks.present(capacity, "register.capacity");
    labels = Checks.map(labels, "register.labels");
    Checks.text(driver, "register.driver");
    runningTasks = Checks.list(runningTasks, "register.runningTasks");
    if (keepalive == null) keepalive = Boolean.FALSE;
    if (Boolean.FALSE.equals(versionedDesired)) versionedDesired = null;
    allows = allows(allows);
    if (Boolean.FALSE.equals(logs)) logs = null;
  }

  /** A registration without the logs capability, as a version 4 worker sends it. */
  public Register(String nodeId, String address, Resources capacity, Map<String, String> labels, String driver, List<RunningTask> runningTasks,
      Boolean keepalive, Boolean versionedDesired, java.util.Set<String> allows) {
    this(nodeId, address, capacity, labels, driver, runningTasks, keepalive, versionedDesired, allows, null);
  }

  /** Whether the worker serves its tasks' output. */
  public boolean servesLogs() {
    return Boolean.TRUE.equals(logs);
  }

  /**
   * Entries are kept even when this build does not know them: a worker of a later release may
   * allow a mode this manager never asks for, which is harmless.
   */
  private static java.util.Set<String> allows(java.util.Set<String> allows) {
    if (allows == null || allows.isEmpty()) return java.util.Set.of();
    if (allows.size() > MAX_ALLOWS) throw new IllegalArgumentException("register.allows must list at most " + MAX_ALLOWS + " modes, had " + allows.size());
    java.util.TreeSet<String> sorted = new java.util.TreeSet<>();
    for (String a : allows) {
      Checks.text(a, "register.allows entry");
      if (a.length() > MAX_ALLOW_LENGTH) throw new IllegalArgumentException("register.allows entry must be at most " + MAX_ALLOW_LENGTH + " characters");
      sorted.add(a);
    }
    return java.util.Collections.unmodifiableSet(sorted);
  }

  /** A registration that allows no risky mode, as a version 3 worker sends it. */
  public Register(String nodeId, String address, Resources capacity, Map<String, String> labels, String driver, List<RunningTask> runningTasks,
      Boolean keepalive, Boolean versionedDesired) {
    this(nodeId, address, capacity, labels, driver, runningTasks, keepalive, versionedDesired, null);
  }

  /** A registration with keepalive and without versioned desired sets, as a version 2 worker sends it. */
  public Register(String nodeId, String address, Resources capacity, Map<String, String> labels, String driver, List<RunningTask> runningTasks,
      Boolean keepalive) {
    this(nodeId, address, capacity, labels, driver, runningTasks, keepalive, null, null);
  }

  /** Whether the worker reads versioned desired sets. */
  public boolean readsVersionedDesired() {
    return Boolean.TRUE.equals(versionedDesired);
  }

  /** A registration without keepalive, as a version 1 worker sends it. */
  public Register(String nodeId, String address, Resources capacity, Map<String, String> labels, String driver, List<RunningTask> runningTasks) {
    this(nodeId, address, capacity, labels, driver, runningTasks, Boolean.FALSE, null, null);
  }

  @Override
  public MessageType type() {
    return MessageType.REGISTER;
  }

  @Override
  public int wireVersion() {
    if (servesLogs()) return 5;
    if (!allows.isEmpty()) return 4;
    return readsVersionedDesired() ? 3 : 2;
  }
}
