package io.orchestrate.core.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What applying one command produced, returned to the proposer. A user error found at apply (the
 * job was stopped meanwhile, say) is a {@link Rejected} result, never an exception out of apply.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "result")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CommandResult.JobSubmitted.class, name = "job.submitted"),
  @JsonSubTypes.Type(value = CommandResult.JobStopped.class, name = "job.stopped"),
  @JsonSubTypes.Type(value = CommandResult.JobUpdated.class, name = "job.updated"),
  @JsonSubTypes.Type(value = CommandResult.Done.class, name = "done"),
  @JsonSubTypes.Type(value = CommandResult.Batch.class, name = "batch"),
  @JsonSubTypes.Type(value = CommandResult.Rejected.class, name = "rejected"),
  @JsonSubTypes.Type(value = CommandResult.Placed.class, name = "placed"),
  @JsonSubTypes.Type(value = CommandResult.Collected.class, name = "collected"),
  @JsonSubTypes.Type(value = CommandResult.Deployed.class, name = "deployed")
})
public sealed interface CommandResult {

  /** @param duplicate true when the idempotency key had already produced this job */
  record JobSubmitted(String jobId, boolean duplicate) implements CommandResult {}

  /** @param alreadyStopped true when the job was stopped before this command */
  record JobStopped(String jobId, boolean alreadyStopped) implements CommandResult {}

  /**
   * @param version   the job's version after the command
   * @param unchanged true when nothing was made: the spec was the live one, or the idempotency key had made this version
   */
  record JobUpdated(String jobId, int version, boolean unchanged) implements CommandResult {}

  record Done() implements CommandResult {}

  /** A deployment started (a rolling restart) or moved (a step, a failure): its id and the job's version after it. */
  record Deployed(String jobId, String deploymentId, int version) implements CommandResult {}

  record Batch(List<CommandResult> results) implements CommandResult {}

  /** @param rejected task id to the reason its placement was stale at apply */
  record Placed(int accepted, java.util.Map<String, String> rejected) implements CommandResult {}

  /**
   * What a {@link CollectGarbage} removed at apply: the jobs and nodes in the order named, and how
   * many task records and idempotency keys went with the jobs.
   */
  record Collected(List<String> jobIds, List<String> nodeIds, int tasks, int idempotencyKeys) implements CommandResult {
    public Collected {
      jobIds = List.copyOf(jobIds);
      nodeIds = List.copyOf(nodeIds);
    }
  }

  /** @param code one of {@link io.orchestrate.core.api.ErrorCode}'s wire codes */
  record Rejected(String code, String message) implements CommandResult {}
}
