package io.orchestrate.manager.state;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.FailDeployment;
import io.orchestrate.core.command.RestartJob;
import io.orchestrate.core.command.StepDeployment;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.DeploymentGroup;
import io.orchestrate.core.model.DeploymentStatus;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobVersion;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.core.version.JobDiff;
import io.orchestrate.core.version.Rollouts;
import io.orchestrate.core.version.UpdatePlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Apply rules for deployments (feature level 4): the start of one with a new version or a
 * restart, each step the leader's watcher decides, and a failure with its automatic revert. A step
 * or a failure is refused unless the deployment is the job's latest, still running, and at the
 * step counter it was decided on, so that replaying or re-deciding never replaces a slot twice.
 * Called only from {@link Applier} and {@link JobApplier}.
 */
final class DeploymentApplier {
  private DeploymentApplier() {}

  /**
   * The job at a new version, with the deployment that rolls its {@code rolled} groups out. A
   * deployment still running is superseded: it ends FAILED, and the new one takes over its groups
   * (a task it already placed of the new spec is kept, the others are replaced).
   */
  static Job afterNewVersion(Job job, int fromVersion, Set<String> rolled, String kind, List<Task> tasks, long atMillis, long index) {
    Set<String> groups = new LinkedHashSet<>(rolled);
    Deployment running = job.latestDeployment();
    if (running != null && running.status() == DeploymentStatus.RUNNING) {
      for (DeploymentGroup g : running.groups()) {
        TaskSpec now = specOf(job.spec(), g.group());
        if (now != null && now.update() != null) groups.add(g.group());
      }
      job = job.withDeployment(new Deployment(running.id(), running.jobId(), running.fromVersion(), running.toVersion(), running.kind(),
          DeploymentStatus.FAILED, running.startedAtMillis(), atMillis, running.steps() + 1, running.groups(), null,
          "superseded by job version " + job.jobVersion(), 0, running.key()), index);
    }
    if (groups.isEmpty()) return job;
    return job.withDeployment(Rollouts.start(Rollouts.id(index), job, fromVersion, kind, groups, tasks, atMillis), index);
  }

  /** A new job whose groups have update blocks is deployed too: its tasks count once healthy, so `run --wait` can tell. */
  static void afterSubmit(Delta d, SubmitJob c, long index) {
    Job job = d.image().jobs().get(c.jobId());
    List<DeploymentGroup> groups = new ArrayList<>();
    List<Task> tasks = d.image().tasksOf(job.id());
    for (TaskSpec ts : c.spec().tasks()) {
      if (ts.update() == null) continue;
      List<String> placed = new ArrayList<>();
      for (Task t : tasks) if (t.group().equals(ts.name())) placed.add(t.id());
      groups.add(new DeploymentGroup(ts.name(), ts.count(), ts.update(), List.of(), placed, List.of(), List.of()));
    }
    if (groups.isEmpty()) return;
    Deployment dep = new Deployment(Rollouts.id(index), job.id(), 0, job.jobVersion(), "submit", DeploymentStatus.RUNNING, c.atMillis(),
        c.atMillis(), 0, groups, null, null, 0);
    d.putJob(job.withDeployment(dep, index));
  }

  static CommandResult restart(Delta d, RestartJob c, long index) {
    StateImage s = d.image();
    Job job = s.jobs().get(c.jobId());
    if (job == null) return new CommandResult.Rejected(ErrorCode.NOT_FOUND.wire(), "job " + c.jobId() + " does not exist");
    if (job.stopped()) return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "job " + c.jobId() + " (" + job.name() + ") is stopped");
    if (c.key() != null) {
      // A client that lost the answer sends the same request again: answer with what the first one started.
      for (Deployment kept : job.deployments()) {
        if (c.key().equals(kept.key())) return new CommandResult.Deployed(job.id(), kept.id(), kept.toVersion());
      }
    }
    Deployment running = job.latestDeployment();
    if (running != null && running.status() == DeploymentStatus.RUNNING) {
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "job '" + job.name() + "' has a deployment running (" + running.id()
          + ", version " + running.toVersion() + "): restart it once that one ends");
    }
    List<String> groups = new ArrayList<>();
    for (TaskSpec ts : job.spec().tasks()) if (c.group() == null || ts.name().equals(c.group())) groups.add(ts.name());
    if (groups.isEmpty()) {
      return new CommandResult.Rejected(ErrorCode.NOT_FOUND.wire(), "job '" + job.name() + "' has no group '" + c.group() + "'");
    }
    Deployment dep = Rollouts.start(Rollouts.id(index), job, job.jobVersion(), Rollouts.RESTART, groups, s.tasksOf(job.id()), c.atMillis())
        .withKey(c.key());
    d.putJob(job.withDeployment(dep, index));
    return new CommandResult.Deployed(job.id(), dep.id(), job.jobVersion());
  }

  static CommandResult step(Delta d, StepDeployment c, long index) {
    StateImage s = d.image();
    Job job = s.jobs().get(c.jobId());
    CommandResult.Rejected refused = stale(job, c.jobId(), c.deploymentId(), c.expectedSteps());
    if (refused != null) return refused;
    Deployment dep = job.latestDeployment();
    for (StepDeployment.Create cr : c.creates()) {
      DeploymentGroup g = dep.group(cr.group());
      if (g == null || cr.index() >= g.desired()) {
        return new CommandResult.Rejected(ErrorCode.BAD_REQUEST.wire(), "deployment " + dep.id() + " has no slot " + cr.group() + "[" + cr.index() + "]");
      }
      if (s.tasks().containsKey(cr.taskId())) return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "task id " + cr.taskId() + " already exists");
    }
    for (String id : c.healthy()) {
      if (!placedBy(dep, id)) return new CommandResult.Rejected(ErrorCode.BAD_REQUEST.wire(), "task " + id + " was not placed by deployment " + dep.id());
    }
    String why = "replaced by deployment " + dep.id() + " (job version " + dep.toVersion() + ")";
    for (String id : c.stops()) {
      Task t = d.image().tasks().get(id);
      if (t == null || !t.jobId().equals(job.id())) {
        return new CommandResult.Rejected(ErrorCode.BAD_REQUEST.wire(), "task " + id + " is not a task of job " + job.id());
      }
      if (!t.state().isTerminal()) d.putTask(t.withState(TaskState.STOPPED, why, c.atMillis(), index));
    }
    List<DeploymentGroup> groups = new ArrayList<>();
    for (DeploymentGroup g : dep.groups()) {
      List<String> created = new ArrayList<>();
      for (StepDeployment.Create cr : c.creates()) {
        if (!cr.group().equals(g.group())) continue;
        d.putTask(Task.pending(cr.taskId(), job.id(), cr.group(), cr.index(), c.atMillis(), index, dep.toVersion()));
        created.add(cr.taskId());
      }
      List<String> healthy = new ArrayList<>();
      for (String id : c.healthy()) if (g.placed().contains(id)) healthy.add(id);
      groups.add(g.withPlaced(created).withHealthy(healthy));
    }
    Deployment next = dep.stepped(groups, c.finish() ? DeploymentStatus.SUCCESSFUL : DeploymentStatus.RUNNING, c.atMillis());
    d.putJob(d.image().jobs().get(job.id()).withDeployment(next, index));
    return new CommandResult.Deployed(job.id(), dep.id(), job.jobVersion());
  }

  /**
   * The deployment failed; with {@code revertTo}, the same entry makes a new version of that
   * version's spec and starts its deployment. Groups the revert adds or scales up get their new
   * tasks here, from the ids the command carries (as a job update does).
   */
  static CommandResult fail(Delta d, FailDeployment c, long index) {
    StateImage s = d.image();
    Job job = s.jobs().get(c.jobId());
    CommandResult.Rejected refused = stale(job, c.jobId(), c.deploymentId(), c.expectedSteps());
    if (refused != null) return refused;
    Deployment dep = job.latestDeployment();
    JobVersion back = c.revertTo() > 0 ? job.versionAt(c.revertTo()) : null;
    if (c.revertTo() > 0 && (back == null || c.revertTo() >= job.jobVersion())) {
      return new CommandResult.Rejected(ErrorCode.BAD_REQUEST.wire(), "job '" + job.name() + "' keeps no version " + c.revertTo() + " to revert to");
    }
    List<DeploymentGroup> groups = new ArrayList<>();
    for (DeploymentGroup g : dep.groups()) groups.add(c.taskId() != null && g.group().equals(c.group()) ? g.withUnhealthy(c.taskId()) : g);
    Job failed = job.withDeployment(dep.failed(groups, c.taskId(), c.reason(), back == null ? 0 : back.version(), c.atMillis()), index);
    if (back == null) {
      d.putJob(failed);
      return new CommandResult.Deployed(job.id(), dep.id(), job.jobVersion());
    }
    List<Task> tasks = s.tasksOf(job.id());
    JobSpec spec = back.spec();
    JobDiff diff = Rollouts.revertDiff(job, dep, spec);
    int next = job.jobVersion() + 1;
    UpdatePlan plan = UpdatePlan.of(diff, tasks, next);
    if (plan.creates().size() != c.taskIds().size()) {
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "job '" + job.name() + JobRefusals.CHANGED_MEANWHILE + ": the revert needs "
          + plan.creates().size() + " new tasks and carries " + c.taskIds().size() + " ids");
    }
    for (String id : c.taskIds()) {
      if (s.tasks().containsKey(id)) return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "task id " + id + " already exists");
    }
    String note = "revert to version " + back.version() + ": deployment " + dep.id() + " failed";
    Job reverted = failed.withVersion(new JobVersion(next, spec, c.atMillis(), diff.describe(), note, null), index);
    JobApplier.carryOut(d, job, plan, c.taskIds(), next, c.atMillis(), index);
    Deployment revert = Rollouts.start(Rollouts.id(index), reverted, job.jobVersion(), Rollouts.REVERT, diff.rolled(), d.image().tasksOf(job.id()),
        c.atMillis());
    d.putJob(reverted.withDeployment(revert, index));
    return new CommandResult.Deployed(job.id(), revert.id(), next);
  }

  private static CommandResult.Rejected stale(Job job, String jobId, String deploymentId, int expectedSteps) {
    if (job == null) return new CommandResult.Rejected(ErrorCode.NOT_FOUND.wire(), "job " + jobId + " does not exist");
    Deployment dep = job.latestDeployment();
    if (job.stopped() || dep == null || !dep.id().equals(deploymentId) || dep.status() != DeploymentStatus.RUNNING || dep.steps() != expectedSteps) {
      return new CommandResult.Rejected(ErrorCode.CONFLICT.wire(), "deployment " + deploymentId + " of job " + jobId
          + " moved on since the step was decided" + (dep == null ? "" : " (now " + dep.id() + ", " + dep.status().wire() + ", step " + dep.steps() + ")"));
    }
    return null;
  }

  private static boolean placedBy(Deployment dep, String id) {
    for (DeploymentGroup g : dep.groups()) if (g.placed().contains(id)) return true;
    return false;
  }

  private static TaskSpec specOf(JobSpec spec, String group) {
    for (TaskSpec t : spec.tasks()) if (t.name().equals(group)) return t;
    return null;
  }
}
