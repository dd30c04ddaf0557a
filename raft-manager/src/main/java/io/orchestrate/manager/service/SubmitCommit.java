package io.orchestrate.manager.service;

import io.orchestrate.core.api.JobView;
import io.orchestrate.core.command.SubmitJob;
import java.util.concurrent.CompletableFuture;

/**
 * The last step of a job submission: {@link JobService} has decided the command (ids, time,
 * validated spec) and hands it here; the future is the caller's answer. The manager's own step
 * proposes the command and answers with the job once the command is committed and applied here.
 * A decorator given to the manager when it starts may wrap that step (the chaos suite's broken
 * build answers before the command is committed).
 */
@FunctionalInterface
public interface SubmitCommit {
  CompletableFuture<JobView> submit(SubmitJob command);
}
