package io.orchestrate.manager.state;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobStatus;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import java.util.List;
import io.orchestrate.core.command.UpdateJob;
import io.orchestrate.core.feature.Feature;
import io.orchestrate.core.model.JobVersion;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.core.version.JobDiff;
import io.orchestrate.core.version.UpdatePlan;
import io.orchestrate.core.version.Rollouts;

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
        // The spec that key submitted, which differs from the job's own only once the job has
        // versions (feature level 3); a version no longer kept compares with nothing.
        JobSpec keyed = first == null ? null : first.specSubmittedWith(c.idempotencyKey());
        if (keyed == null && first != null && first.versions().isEmpty()) keyed = first.spec();
        if (keyed != null && !keyed.equals(c.spec())) {
          return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), IdempotencyConflict.message(c.idempotencyKey(), existing));
        }
        return new CommandResult.JobSubmitted(existing, true);
      }
    }
    if (s.jobs().containsKey(c.jobId())) {
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "job id " + c.jobId() + " already exists");
    }
    if (s.featureLevel() >= Feature.JOB_VERSIONS.level()) {
      // A name identifies a live job: two submissions of a new name decided at once both reach
      // the log; the second finds the first here and its sender decides again (an update).
      Job live = s.liveJobNamed(c.spec().name());
      if (live != null) {
        return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), JobRefusals.SAME_NAME + c.spec().name() + "' exists (job " + live.id()
            + ", version " + live.jobVersion() + "): submit the file again to make a new version of it");
      }
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
    DeploymentApplier.afterSubmit(d, c, index);
    return new CommandResult.JobSubmitted(c.jobId(), false);
  }


  /**
   * A new version of a live job. The tasks that stop and the slots that get the new ids follow
   * from the state here ({@link UpdatePlan}); the leader drew as many ids as the same plan needed
   * on the state it decided on, and that state was at {@code fromVersion}, which is checked
   * first, so the counts agree unless a reschedule or a report moved the job's tasks meanwhile:
   * then the update is refused and its sender decides again.
   */
  static CommandResult update(Delta d, UpdateJob c, long index) {
    StateImage s = d.image();
    Job job = s.jobs().get(c.jobId());
    if (job == null) return new CommandResult.Rejected(ErrorCode.NOT_FOUND.wire(), "job " + c.jobId() + " does not exist");
    if (job.stopped()) {
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "job " + c.jobId() + " (" + job.name() + ") is stopped; run its file to start it again");
    }
    if (!job.name().equals(c.spec().name())) {
      return new CommandResult.Rejected(ErrorCode.BAD_REQUEST.wire(),
          "name '" + c.spec().name() + "' is not the name of job " + c.jobId() + " ('" + job.name() + "'): a job's name never changes");
    }
    if (c.idempotencyKey() != null && s.idempotency().containsKey(c.idempotencyKey())) {
      String owner = s.idempotency().get(c.idempotencyKey());
      Job first = s.jobs().get(owner);
      JobSpec keyed = first == null ? null : first.specSubmittedWith(c.idempotencyKey());
      if (owner.equals(job.id()) && (keyed == null || keyed.equals(c.spec()))) {
        return new CommandResult.JobUpdated(job.id(), job.jobVersion(), true);
      }
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), IdempotencyConflict.message(c.idempotencyKey(), owner));
    }
    if (job.jobVersion() != c.fromVersion()) {
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "job '" + job.name() + JobRefusals.CHANGED_MEANWHILE + ": it is at version "
          + job.jobVersion() + ", the change was decided on version " + c.fromVersion());
    }
    JobDiff diff = JobDiff.between(job.spec(), c.spec());
    if (diff.unchanged()) return new CommandResult.JobUpdated(job.id(), job.jobVersion(), true);
    int next = job.jobVersion() + 1;
    List<Task> tasks = s.tasksOf(job.id());
    UpdatePlan plan = UpdatePlan.of(diff, tasks, next);
    if (plan.creates().size() != c.taskIds().size()) {
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "job '" + job.name() + JobRefusals.CHANGED_MEANWHILE + ": the update needs "
          + plan.creates().size() + " new tasks and carries " + c.taskIds().size() + " ids");
    }
    for (String id : c.taskIds()) {
      if (s.tasks().containsKey(id)) return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "task id " + id + " already exists");
    }
    Job updated = job.withVersion(new JobVersion(next, c.spec(), c.atMillis(), diff.describe(), c.note(), c.idempotencyKey()), index);
    d.putJob(updated);
    // Tasks an earlier entry stopped that come from a version no longer kept go with it, so a job
    // updated again and again holds the tasks of its last versions, not of every version it had.
    int oldestKept = Math.max(Job.FIRST_VERSION, next - Job.KEPT_VERSIONS + 1);
    for (Task t : tasks) {
      if (t.state() == TaskState.STOPPED && t.createdFromVersion() < oldestKept) d.deleteTask(t.id());
    }
    carryOut(d, job, plan, c.taskIds(), next, c.atMillis(), index);
    // After the tasks the change made at once, so that a deployment keeps the ones of its spec.
    d.putJob(DeploymentApplier.afterNewVersion(updated, job.jobVersion(), diff.rolled(), Rollouts.UPDATE, d.image().tasksOf(job.id()),
        c.atMillis(), index));
    if (c.idempotencyKey() != null) d.putIdempotencyKey(c.idempotencyKey(), job.id());
    return new CommandResult.JobUpdated(job.id(), next, false);
  }

  /** The stops, new tasks and retirements of {@code plan}, the new tasks taking {@code taskIds} in order. */
  static void carryOut(Delta d, Job job, UpdatePlan plan, List<String> taskIds, int next, long atMillis, long index) {
    for (UpdatePlan.Stop st : plan.stops()) {
      Task t = d.image().tasks().get(st.taskId());
      d.putTask(t.withState(TaskState.STOPPED, st.reason(), atMillis, index));
    }
    for (int k = 0; k < plan.creates().size(); k++) {
      UpdatePlan.Slot slot = plan.creates().get(k);
      d.putTask(Task.pending(taskIds.get(k), job.id(), slot.group(), slot.index(), atMillis, index, next));
    }
    for (UpdatePlan.Retire r : plan.retires()) {
      Task t = d.image().tasks().get(r.taskId());
      d.putTask(t.withReplacedBy(taskIds.get(r.createdAt()), index));
    }
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
