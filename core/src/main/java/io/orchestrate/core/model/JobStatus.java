package io.orchestrate.core.model;

/** What the user asked for a job: keep it running, or stop it. The summary a user sees is derived in {@link JobSummary}. */
public enum JobStatus {
  RUNNING,
  STOPPED
}
