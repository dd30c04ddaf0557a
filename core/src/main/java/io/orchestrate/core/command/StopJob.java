package io.orchestrate.core.command;

/** Stop a job: it becomes STOPPED and every non-terminal task of it becomes STOPPED. */
public record StopJob(String jobId, long atMillis) implements Command {
  @Override
  public CommandType type() {
    return CommandType.STOP_JOB;
  }
}
