package io.orchestrate.core.command;

import io.orchestrate.core.spec.JobSpec;
import java.util.List;

/**
 * Create a job and its PENDING tasks. The leader chose the ids and the time.
 *
 * @param idempotencyKey client-supplied key, or null; a second submission with the same key yields the first job
 * @param taskIds        one id per task instance, in spec order (group by group, index by index)
 */
public record SubmitJob(String jobId, String idempotencyKey, JobSpec spec, List<String> taskIds, long atMillis)
    implements Command {
  public SubmitJob {
    taskIds = List.copyOf(taskIds);
  }

  @Override
  public CommandType type() {
    return CommandType.SUBMIT_JOB;
  }
}
