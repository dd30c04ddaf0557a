package io.orchestrate.manager.state;

import io.orchestrate.core.codec.EntryFormat;
import io.orchestrate.core.codec.StoredRecords;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.Task;
import io.orchestrate.manager.store.Cf;
import io.orchestrate.manager.store.Mutations;
import java.nio.charset.StandardCharsets;

/**
 * The changes one log entry makes, kept in two forms at once: the next {@link StateImage} and the
 * RocksDB {@link Mutations}. Every write goes through here so that the two can never drift apart.
 * Used only on the apply thread.
 */
public final class Delta {
  private StateImage image;
  private final Mutations mutations = new Mutations();

  public Delta(StateImage base) {
    this.image = base;
  }

  public StateImage image() {
    return image;
  }

  public Mutations mutations() {
    return mutations;
  }

  /**
   * A record as the level where this entry applies writes it: Smile once every manager reads it
   * (the level is replicated state, so every replica picks the same format and writes the same bytes).
   */
  private byte[] record(Object value) {
    return StoredRecords.bytes(value, EntryFormat.forLevel(image.featureLevel()));
  }

  public void putJob(Job j) {
    image = image.withJob(j);
    mutations.put(Cf.JOBS, j.id(), record(j));
  }

  public void putTask(Task t) {
    image = image.withTask(t);
    mutations.put(Cf.TASKS, t.id(), record(t));
  }

  public void putNode(Node n) {
    image = image.withNode(n);
    mutations.put(Cf.NODES, n.id(), record(n));
  }

  public void putManager(ManagerInfo m) {
    image = image.withManager(m);
    mutations.put(Cf.MANAGERS, m.id(), record(m));
  }

  public void putIdempotencyKey(String key, String jobId) {
    image = image.withIdempotencyKey(key, jobId);
    mutations.put(Cf.IDEMPOTENCY, key, jobId.getBytes(StandardCharsets.UTF_8));
  }

  /** Records that the one bootstrap has applied, at {@code atMillis}. */
  public void markAclBootstrapped(long atMillis) {
    image = image.withAcl(image.acl().withBootstrapped());
    mutations.put(Cf.ACL, AclRecords.BOOTSTRAPPED, AclRecords.bootstrappedValue(atMillis));
  }

  public void putToken(io.orchestrate.core.model.ApiToken t) {
    image = image.withAcl(image.acl().withToken(t));
    mutations.put(Cf.ACL, AclRecords.tokenKey(t.accessor()), record(t));
  }

  public void deleteToken(String accessor) {
    image = image.withAcl(image.acl().withoutToken(accessor));
    mutations.delete(Cf.ACL, AclRecords.tokenKey(accessor));
  }

  /** Sets the active feature level (a baseline one is never written: see {@link FeatureState}). */
  public void setFeatures(FeatureState f) {
    image = image.withFeatures(f);
    mutations.put(Cf.FEATURES, FeatureState.KEY, f.encode());
  }

  /** Deletes the job record only: the caller deletes its tasks and key first, so no task outlives its job. */
  public void deleteJob(String id) {
    image = image.withoutJob(id);
    mutations.delete(Cf.JOBS, id);
  }

  public void deleteTask(String id) {
    image = image.withoutTask(id);
    mutations.delete(Cf.TASKS, id);
  }

  public void deleteNode(String id) {
    image = image.withoutNode(id);
    mutations.delete(Cf.NODES, id);
  }

  public void deleteIdempotencyKey(String key) {
    image = image.withoutIdempotencyKey(key);
    mutations.delete(Cf.IDEMPOTENCY, key);
  }
}
