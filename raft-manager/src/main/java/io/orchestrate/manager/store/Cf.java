package io.orchestrate.manager.store;

import java.nio.charset.StandardCharsets;

/** The column families of the manager's RocksDB. {@code meta} holds the applied (term, index), written in the same batch as the data. */
public enum Cf {
  JOBS("jobs"),
  TASKS("tasks"),
  NODES("nodes"),
  MANAGERS("managers"),
  IDEMPOTENCY("idempotency"),
  META("meta"),
  /** API tokens (hashes of their secrets only) and whether the cluster was bootstrapped; absent in older stores, created on open. */
  ACL("acl", false),
  /** The active cluster feature level, once one above the baseline was set; absent in older stores, created on open. */
  FEATURES("features", false);

  private final String rocksName;
  private final boolean digestedWhenEmpty;

  Cf(String rocksName) {
    this(rocksName, true);
  }

  Cf(String rocksName, boolean digestedWhenEmpty) {
    this.rocksName = rocksName;
    this.digestedWhenEmpty = digestedWhenEmpty;
  }

  /**
   * Whether the digest covers this family's name even when it holds nothing. A family added in a
   * later release does not: a manager of the earlier release, during a rolling upgrade, computes
   * the same digest for the same state as long as the new family is empty.
   */
  public boolean digestedWhenEmpty() {
    return digestedWhenEmpty;
  }

  public byte[] rocksName() {
    return rocksName.getBytes(StandardCharsets.UTF_8);
  }

  /** Column families whose content is the replicated state (everything but {@code meta}); the digest covers these. */
  public static Cf[] data() {
    return new Cf[] {JOBS, TASKS, NODES, MANAGERS, IDEMPOTENCY, ACL, FEATURES};
  }
}
