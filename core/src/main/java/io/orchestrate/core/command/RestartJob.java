package io.orchestrate.core.command;

/**
 * A rolling restart of a job's group ({@code group} null for every group): a deployment of the
 * job's current version that replaces each live task with a new one, with the group's update
 * settings. Refused at apply while another deployment of the job runs, unless a kept deployment
 * of the job was started by a restart with the same {@code key} (the request's
 * {@code Idempotency-Key}, or null): then the entry is a retry and is answered with that deployment.
 */
public record RestartJob(String jobId, String group, long atMillis,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String key) implements Command {
  /** A restart without a request key: never taken for a retry. */
  public RestartJob(String jobId, String group, long atMillis) {
    this(jobId, group, atMillis, null);
  }

  @Override
  public CommandType type() {
    return CommandType.RESTART_JOB;
  }
}
