package io.orchestrate.manager.store;

import java.nio.charset.StandardCharsets;

/** The column families of the manager's RocksDB. {@code meta} holds the applied (term, index), written in the same batch as the data. */
public enum Cf {
  JOBS("jobs"),
  TASKS("tasks"),
  NODES("nodes"),
  MANAGERS("managers"),
  IDEMPOTENCY("idempotency"),
  META("meta");

  private final String rocksName;

  Cf(String rocksName) {
    this.rocksName = rocksName;
  }

  public byte[] rocksName() {
    return rocksName.getBytes(StandardCharsets.UTF_8);
  }

  /** Column families whose content is the replicated state (everything but {@code meta}); the digest covers these. */
  public static Cf[] data() {
    return new Cf[] {JOBS, TASKS, NODES, MANAGERS, IDEMPOTENCY};
  }
}
