package io.orchestrate.chaos.checker;

/** What a client operation did. Reads carry what they saw; writes carry what they asked for. */
public enum OpKind {
  /** {@code POST /v1/jobs} with a unique name and an idempotency key (a retry reuses both). */
  SUBMIT,
  /** {@code DELETE /v1/jobs/{id}}. */
  STOP,
  /** {@code GET /v1/jobs}, linearizable or stale. */
  READ_JOBS,
  /** {@code GET /v1/jobs/{id}}, linearizable or stale; ok with nothing seen means 404. */
  READ_JOB,
  /** {@code GET /v1/tasks}, linearizable or stale. */
  READ_TASKS
}
