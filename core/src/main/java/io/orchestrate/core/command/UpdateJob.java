package io.orchestrate.core.command;

import io.orchestrate.core.spec.JobSpec;
import java.util.List;

/**
 * Move a live job to a new version of its spec. The leader chose the time and the ids of the new
 * tasks; apply derives which tasks stop and which slots the new ids take
 * ({@link io.orchestrate.core.version.UpdatePlan}) from the state at its index, and refuses the
 * command when the job is no longer at {@code fromVersion}, so two updates decided on the same
 * version cannot both apply.
 *
 * @param fromVersion    the job version the leader decided against
 * @param taskIds        one id per new task, in the order of the plan's creates
 * @param note           how the version came ("run", "scale api to 3", "revert to version 2"), shown in history
 * @param idempotencyKey the request's key, or null
 */
public record UpdateJob(String jobId, int fromVersion, JobSpec spec, List<String> taskIds, String note, String idempotencyKey, long atMillis)
    implements Command {
  public UpdateJob {
    taskIds = List.copyOf(taskIds);
  }

  @Override
  public CommandType type() {
    return CommandType.UPDATE_JOB;
  }
}
