package io.orchestrate.chaos.checker;

/** What a client operation did. Reads carry what they saw; writes carry what they asked for. */
public enum OpKind {
  /** {@code POST /v1/jobs} with a unique name and an idempotency key (a retry reuses both). */
  SUBMIT,
  /**
   * {@code POST /v1/jobs} with the name of a live job and a changed command: a new version of that
   * job, never a new job. Its {@code jobs} holds the answer: the job and the version it was given.
   */
  UPDATE,
  /** {@code DELETE /v1/jobs/{id}}. */
  STOP,
  /** {@code GET /v1/jobs}, linearizable or stale. */
  READ_JOBS,
  /** {@code GET /v1/jobs/{id}}, linearizable or stale; ok with nothing seen means 404. */
  READ_JOB,
  /** {@code GET /v1/tasks}, linearizable or stale. */
  READ_TASKS,
  /** {@code GET /v1/jobs/{id}/versions} by the checker after the heal: one {@link JobSeen} per kept version. */
  READ_VERSIONS
}
