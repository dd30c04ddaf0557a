package io.orchestrate.worker.journal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One copy of a task this worker ran: which task and generation, under which driver handle
 * (container id, or {@code proc-<pid>}), and when it ran, in wall-clock milliseconds. The interval
 * is widened to cover what the worker cannot know exactly: {@code startedAtMillis} is taken before
 * the driver was asked to start it, {@code endedAtMillis} once the stop returned or the exit was seen.
 *
 * @param adopted        re-adopted from an earlier run of this worker; {@code startedAtMillis} is then the adoption time
 * @param endedAtMillis  null while the copy runs
 * @param exitCode       its exit code, when it exited and the code is known
 * @param endReason      how it ended: "exited with code 0", "stopped: no longer desired on this node", ...
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyRecord(
    String taskId,
    String jobId,
    String group,
    int index,
    long generation,
    String handle,
    boolean adopted,
    long startedAtMillis,
    Long endedAtMillis,
    Integer exitCode,
    String endReason) {

  CopyRecord ended(long atMillis, Integer code, String reason) {
    return new CopyRecord(taskId, jobId, group, index, generation, handle, adopted, startedAtMillis, atMillis, code, reason);
  }

  public boolean running() {
    return endedAtMillis == null;
  }
}
