package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.JobHistoryView;
import io.orchestrate.core.api.JobPlanView;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.command.CommandChecks;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.UpdateJob;
import io.orchestrate.core.feature.Feature;
import io.orchestrate.core.feature.FeatureLevel;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobVersion;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.JobSpecValidator;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.core.version.JobDiff;
import io.orchestrate.core.version.UpdatePlan;
import io.orchestrate.manager.state.JobRefusals;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.PlacementAlgorithm;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job versions, decided on the leader (feature level 3): a submission whose name a live job has
 * becomes an {@link UpdateJob} (or nothing, when the file is the live version), and scale and
 * revert are such submissions of a spec the leader derives. A plan is the same decision applied
 * to a copy of the image and never proposed, so it changes nothing.
 *
 * <p>A decision can be overtaken before it applies (another update of the job, a new job of the
 * same name, a reschedule that moved the job's tasks): apply then refuses it and it is decided
 * again on the newer state, at most {@link #DECISIONS} times.
 */
public final class JobVersionService {
  private static final Logger LOG = LoggerFactory.getLogger(JobVersionService.class);
  /** Decisions per request: one, and a few more when the state moved under it. */
  static final int DECISIONS = 4;

  /** Makes a new job from a spec (JobService's submission of a name no live job has). */
  @FunctionalInterface
  interface NewJob {
    CompletableFuture<JobView> submit(JobSpec spec, String idempotencyKey, StateImage now);
  }

  private final Leadership leadership;
  private final Proposer proposer;
  private final Reads reads;
  private final Clock clock;
  private final Supplier<String> newTaskId;
  private final PlacementAlgorithm placement;
  private final NewJob newJob;
  private final Supplier<String> newJobId;

  JobVersionService(Leadership leadership, Proposer proposer, Reads reads, Clock clock, Supplier<String> newJobId, Supplier<String> newTaskId,
      PlacementAlgorithm placement, NewJob newJob) {
    this.leadership = leadership;
    this.proposer = proposer;
    this.reads = reads;
    this.clock = clock;
    this.newJobId = newJobId;
    this.newTaskId = newTaskId;
    this.placement = placement;
    this.newJob = newJob;
  }

  /** Submits {@code spec} as a new job or a new version of the live job of its name. */
  CompletableFuture<JobView> submit(JobSpec spec, String idempotencyKey, String note) {
    return decide(spec, idempotencyKey, note, DECISIONS);
  }

  /** {@code POST /v1/jobs/{id}/scale}: a new version with only {@code group}'s count changed. */
  public CompletableFuture<JobView> scale(String idOrName, String group, Integer count) {
    leadership.requireLeader();
    StateImage now = reads.local();
    requireLevel(now, "job scale");
    Job job = live(now, idOrName);
    if (group == null || group.isBlank()) throw new ApiException(ErrorCode.BAD_REQUEST, "group is required");
    if (count == null) throw new ApiException(ErrorCode.BAD_REQUEST, "count is required");
    List<TaskSpec> tasks = new ArrayList<>();
    int at = -1;
    for (TaskSpec t : job.spec().tasks()) {
      if (t.name().equals(group)) {
        at = tasks.size();
        t = t.withCount(count);
      }
      tasks.add(t);
    }
    if (at < 0) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "group '" + group + "' is not in job " + job.name() + " (its groups: "
          + String.join(", ", job.spec().tasks().stream().map(TaskSpec::name).toList()) + ")");
    }
    JobSpec next = job.spec().withTasks(tasks);
    List<String> problems = JobSpecValidator.problems(next);
    if (!problems.isEmpty()) {
      // Name the request's field, not the spec's position: "count must be >= 1 (got 0)".
      String p = problems.get(0);
      String prefix = "tasks[" + at + "].";
      throw new ApiException(ErrorCode.BAD_REQUEST, p.startsWith(prefix) ? p.substring(prefix.length()) : p);
    }
    return decide(next, null, "scale " + group + " to " + count, DECISIONS);
  }

  /** {@code POST /v1/jobs/{id}/revert}: a kept version's spec submitted again as a new version. */
  public CompletableFuture<JobView> revert(String idOrName, Integer version) {
    leadership.requireLeader();
    StateImage now = reads.local();
    requireLevel(now, "job revert");
    Job job = live(now, idOrName);
    if (version == null) throw new ApiException(ErrorCode.BAD_REQUEST, "version is required");
    JobVersion v = job.versionAt(version);
    if (v == null) {
      List<JobVersion> kept = job.history();
      throw new ApiException(ErrorCode.NOT_FOUND, "version " + version + " of job " + job.name() + " is not kept (kept: versions "
          + kept.get(0).version() + " to " + kept.get(kept.size() - 1).version() + ")");
    }
    return decide(v.spec(), null, "revert to version " + version, DECISIONS);
  }

  /** {@code POST /v1/jobs/{id}/restart} without an {@code Idempotency-Key}. */
  public CompletableFuture<io.orchestrate.core.model.Deployment> restart(String idOrName, String group) {
    return restart(idOrName, group, null);
  }

  /**
   * {@code POST /v1/jobs/{id}/restart}: a rolling restart of a group (null: every group) with its update settings. A
   * request with the {@code key} of one that already started a kept deployment is answered with that deployment (apply
   * decides, so two managers racing on the same retry agree).
   */
  public CompletableFuture<io.orchestrate.core.model.Deployment> restart(String idOrName, String group, String key) {
    leadership.requireLeader();
    StateImage now = reads.local();
    if (now.featureLevel() < Feature.ROLLING_UPDATES.level()) {
      throw new ApiException(ErrorCode.CONFLICT, FeatureLevel.refusal("job restart", Feature.ROLLING_UPDATES, now.featureLevel()));
    }
    Job job = live(now, idOrName);
    if (key != null) {
      List<String> bad = new ArrayList<>();
      CommandChecks.idempotencyKey(bad, "Idempotency-Key", key);
      if (!bad.isEmpty()) throw new ApiException(ErrorCode.BAD_REQUEST, bad.get(0));
    }
    io.orchestrate.core.command.RestartJob c = new io.orchestrate.core.command.RestartJob(job.id(), group, clock.millis(), key);
    List<String> problems = CommandChecks.problems(c);
    if (!problems.isEmpty()) throw new ApiException(ErrorCode.BAD_REQUEST, String.join("; ", problems));
    return proposer.propose(c).thenApply(r -> {
      if (r instanceof CommandResult.Rejected rej) throw new ApiException(ErrorCode.byWire(rej.code()), rej.message());
      Job after = reads.local().jobs().get(job.id());
      if (after == null) return null;
      // A retry is answered with the deployment its first attempt started, which need not be the latest any more.
      if (r instanceof CommandResult.Deployed dep) {
        for (io.orchestrate.core.model.Deployment d : after.deployments()) if (d.id().equals(dep.deploymentId())) return d;
      }
      return after.latestDeployment();
    });
  }

  /** {@code GET /v1/deployments[?job=]}: the kept deployments of one job, or the latest of every job that has one; newest first. */
  public static List<io.orchestrate.core.model.Deployment> deployments(StateImage img, String idOrName) {
    List<io.orchestrate.core.model.Deployment> out = new ArrayList<>();
    if (idOrName != null) {
      Job job = img.findJob(idOrName);
      if (job == null) throw new ApiException(ErrorCode.NOT_FOUND, "job '" + idOrName + "' does not exist");
      out.addAll(job.deployments());
      java.util.Collections.reverse(out);
      return out;
    }
    for (Job j : img.jobsInOrder()) if (j.latestDeployment() != null) out.add(j.latestDeployment());
    out.sort(java.util.Comparator.comparingLong(io.orchestrate.core.model.Deployment::updatedAtMillis).reversed());
    return out;
  }

  /** {@code GET /v1/jobs/{id}/versions}. */
  public static JobHistoryView history(StateImage img, String idOrName) {
    Job job = img.findJob(idOrName);
    if (job == null) throw new ApiException(ErrorCode.NOT_FOUND, "job '" + idOrName + "' does not exist");
    List<JobHistoryView.Version> out = new ArrayList<>();
    for (JobVersion v : job.history()) out.add(new JobHistoryView.Version(v.version(), Views.time(v.submittedAtMillis()), v.changes(), v.note()));
    return new JobHistoryView(job.id(), job.name(), job.jobVersion(), out);
  }

  /** {@code POST /v1/jobs?dryRun=true}: what submitting {@code spec} would do, worked out on copies of the leader's image ({@link DryRun}). */
  public JobPlanView plan(JobSpec spec) {
    leadership.requireLeader();
    StateImage now = reads.local();
    requireLevel(now, "job plan (a dry run)");
    return new DryRun(placement, newJobId, newTaskId, clock.millis()).of(now, spec);
  }

  private CompletableFuture<JobView> decide(JobSpec spec, String key, String note, int decisionsLeft) {
    leadership.requireLeader();
    StateImage now = reads.local();
    Job live = now.liveJobNamed(spec.name());
    CompletableFuture<JobView> answer;
    if (live == null) {
      answer = newJob.submit(spec, key, now);
    } else if (JobDiff.between(live.spec(), spec).unchanged()) {
      LOG.info("job {} ({}) submitted unchanged: still version {}", live.id(), live.name(), live.jobVersion());
      return CompletableFuture.completedFuture(Views.job(now, live).withUnchanged(true));
    } else {
      UpdateJob cmd = update(now, live, spec, key, note, newTaskId, clock.millis());
      List<String> problems = CommandChecks.problems(cmd);
      if (!problems.isEmpty()) throw new ApiException(ErrorCode.BAD_REQUEST, String.join("; ", problems));
      answer = proposer.propose(cmd).thenApply(r -> answer(r, cmd));
    }
    return answer.handle((v, err) -> {
      if (err == null) return CompletableFuture.completedFuture(v);
      Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      if (decisionsLeft > 1 && cause instanceof ApiException e && e.code() == ErrorCode.CONFLICT && JobRefusals.decideAgain(e.getMessage())) {
        LOG.info("job {}: the state moved before the decision applied ({}); deciding again", spec.name(), e.getMessage());
        return decide(spec, key, note, decisionsLeft - 1);
      }
      return CompletableFuture.<JobView>failedFuture(cause);
    }).thenCompose(f -> f);
  }

  /** The command that moves {@code live} to {@code spec}, with a new task id for each task the change creates at once. */
  static UpdateJob update(StateImage now, Job live, JobSpec spec, String key, String note, Supplier<String> newTaskId, long atMillis) {
    JobDiff diff = JobDiff.between(live.spec(), spec);
    UpdatePlan plan = UpdatePlan.of(diff, now.tasksOf(live.id()), live.jobVersion() + 1);
    List<String> ids = new ArrayList<>(plan.creates().size());
    for (int i = 0; i < plan.creates().size(); i++) ids.add(newTaskId.get());
    return new UpdateJob(live.id(), live.jobVersion(), spec, ids, note, key, atMillis);
  }

  private JobView answer(CommandResult r, UpdateJob cmd) {
    if (r instanceof CommandResult.JobUpdated u) {
      StateImage after = reads.local();
      Job j = after.jobs().get(u.jobId());
      if (j == null) throw ApiException.unavailable("job " + u.jobId() + " was updated but is not visible yet");
      if (!u.unchanged()) {
        LOG.info("job {} ({}) is at version {} ({}): {}", j.id(), j.name(), u.version(), cmd.note(), String.join("; ", j.history().get(j.history().size() - 1).changes()));
      }
      JobView v = Views.job(after, j);
      return u.unchanged() ? v.withUnchanged(true) : v;
    }
    if (r instanceof CommandResult.Rejected rej) throw new ApiException(ErrorCode.byWire(rej.code()), rej.message());
    throw new ApiException(ErrorCode.INTERNAL, "unexpected result " + r);
  }

  private static Job live(StateImage now, String idOrName) {
    Job job = now.findJob(idOrName);
    if (job == null) throw new ApiException(ErrorCode.NOT_FOUND, "job '" + idOrName + "' does not exist");
    if (job.stopped()) throw new ApiException(ErrorCode.CONFLICT, "job " + job.id() + " (" + job.name() + ") is stopped; run its file to start it again");
    return job;
  }

  /** Scale, revert and plan need the cluster at the job-versions level: before it, a name does not identify a job. */
  static void requireLevel(StateImage now, String what) {
    if (now.featureLevel() < Feature.JOB_VERSIONS.level()) {
      throw new ApiException(ErrorCode.CONFLICT, FeatureLevel.refusal(what, Feature.JOB_VERSIONS, now.featureLevel()));
    }
  }
}
