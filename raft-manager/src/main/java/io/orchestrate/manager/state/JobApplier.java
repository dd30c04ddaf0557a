package io.orchestrate.manager.state;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobStatus;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.TaskSpec;

/** Apply rules for job commands. Called only from {@link Applier}. */
final class JobApplier {
  private JobApplier() {}

  static CommandResult submit(Delta d, SubmitJob c, long index) {
    StateImage s = d.image();
    if (c.idempotencyKey() != null) {
      String existing = s.idempotency().get(c.idempotencyKey());
      // Two submissions with one key can both reach the log (a retry racing the original); the
      // first to apply wins and the second answers with the first's job.
      // A key reused with another job file is refused rather than answered with a job the caller
      // did not describe; nothing changes either way, so replicas of any version agree on the state.
      if (existing != null) {
        Job first = s.jobs().get(existing);
        if (first != null && !first.spec().equals(c.spec())) {
          return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), IdempotencyConflict.message(c.idempotencyKey(), existing));
        }
        return new CommandResult.JobSubmitted(existing, true);
      }
    }
    if (s.jobs().containsKey(c.jobId())) {
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "job id " + c.jobId() + " already exists");
    }
    if (c.taskIds().size() != c.spec().instanceCount()) {
      return new CommandResult.Rejected(ErrorCode.BAD_REQUEST.wire(),
          "command carries " + c.taskIds().size() + " task ids for " + c.spec().instanceCount() + " task instances");
    }
    for (String id : c.taskIds()) {
      if (s.tasks().containsKey(id)) {
        return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "task id " + id + " already exists");
      }
    }
    d.putJob(new Job(c.jobId(), c.spec().name(), c.spec(), JobStatus.RUNNING, c.atMillis(), 0, c.idempotencyKey(), index));
    int k = 0;
    for (TaskSpec ts : c.spec().tasks()) {
      for (int i = 0; i < ts.count(); i++) {
        d.putTask(Task.pending(c.taskIds().get(k++), c.jobId(), ts.name(), i, c.atMillis(), index));
      }
    }
    if (c.idempotencyKey() != null) d.putIdempotencyKey(c.idempotencyKey(), c.jobId());
    return new CommandResult.JobSubmitted(c.jobId(), false);
  }

  static CommandResult stop(Delta d, StopJob c, long index) {
    Job job = d.image().jobs().get(c.jobId());
    if (job == null) {
      return new CommandResult.Rejected(ErrorCode.NOT_FOUND.wire(), "job " + c.jobId() + " does not exist");
    }
    if (job.stopped()) return new CommandResult.JobStopped(job.id(), true);
    d.putJob(job.stop(c.atMillis(), index));
    for (Task t : d.image().tasksOf(job.id())) {
      if (!t.state().isTerminal()) {
        d.putTask(t.withState(TaskState.STOPPED, "job stopped", c.atMillis(), index));
      }
    }
    return new CommandResult.JobStopped(job.id(), false);
  }
}
