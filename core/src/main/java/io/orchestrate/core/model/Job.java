package io.orchestrate.core.model;

import io.orchestrate.core.spec.JobSpec;

/**
 * A submitted job as the replicated state holds it.
 *
 * @param version log index of the command that last changed this record (optimistic concurrency)
 */
public record Job(
    String id,
    String name,
    JobSpec spec,
    JobStatus status,
    long createdAtMillis,
    long stoppedAtMillis,
    String idempotencyKey,
    long version) {

  public boolean stopped() {
    return status == JobStatus.STOPPED;
  }

  public Job stop(long atMillis, long index) {
    return new Job(id, name, spec, JobStatus.STOPPED, createdAtMillis, atMillis, idempotencyKey, index);
  }
}
