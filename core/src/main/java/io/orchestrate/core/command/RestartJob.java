package io.orchestrate.core.command;

/**
 * A rolling restart of a job's group ({@code group} null for every group): a deployment of the
 * job's current version that replaces each live task with a new one, with the group's update
 * settings. Refused at apply while another deployment of the job runs.
 */
public record RestartJob(String jobId, String group, long atMillis) implements Command {
  @Override
  public CommandType type() {
    return CommandType.RESTART_JOB;
  }
}
