package io.orchestrate.chaos;

/** What the nemesis can do to the managers. Each fault is healed before the next one starts. */
public enum FaultKind {
  /** SIGKILL the leader ({@code docker kill}); healed by starting the same container, data directory intact. */
  KILL_LEADER,
  /** SIGKILL a random minority of managers (it may include the leader); healed by starting them again. */
  KILL_MINORITY,
  /** Freeze the leader ({@code docker pause}) past the election timeout; healed by {@code docker unpause}: it wakes up deposed. */
  PAUSE_LEADER,
  /** Cut the leader off from the other managers (iptables in its network namespace); clients and workers still reach it. */
  ISOLATE_LEADER,
  /** Split the managers into a random minority and the majority, which cannot reach each other. */
  PARTITION_HALVES;

  /** Made with {@link Firewall} rules, which need root, nsenter and iptables on the host. */
  public boolean needsFirewall() {
    return this == ISOLATE_LEADER || this == PARTITION_HALVES;
  }
}
