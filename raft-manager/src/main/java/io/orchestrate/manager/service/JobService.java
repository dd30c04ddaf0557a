package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.JobPlanView;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.feature.Feature;
import io.orchestrate.scheduler.PlacementAlgorithm;
import io.orchestrate.scheduler.Schedulers;
import io.orchestrate.core.codec.JobFiles;
import io.orchestrate.core.command.CommandChecks;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.manager.state.StateImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job requests, decided on the leader: it parses and validates, picks ids and the time, and
 * proposes one command; state changes only when that command is applied. A rejected request
 * proposes nothing. A submission is proposed and answered through a {@link SubmitCommit}: its own
 * {@link #commitThenAnswer}, or whatever decorator the manager was started with.
 */
public final class JobService {
  private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

  private final Leadership leadership;
  private final Proposer proposer;
  private final Reads reads;
  private final Clock clock;
  private final RandomGenerator random;
  private final SubmitCommit submitCommit;
  private final int maxJobBytes;
  private final FeatureService features;
  private final JobVersionService versions;

  /**
   * Submissions go through {@code decorator} applied to the step that commits them and then
   * answers; {@link UnaryOperator#identity()} keeps that step as it is.
   */
  /**
   * @param placement the algorithm a plan's dry run asks whether new tasks fit (the scheduling loop's)
   * @param features  the feature level checks made on this manager before proposing
   */
  public JobService(Leadership leadership, Proposer proposer, Reads reads, Clock clock, RandomGenerator random,
      UnaryOperator<SubmitCommit> decorator, int maxJobBytes, PlacementAlgorithm placement, FeatureService features) {
    this.maxJobBytes = maxJobBytes;
    this.features = Objects.requireNonNull(features, "features");
    this.versions = new JobVersionService(leadership, proposer, reads, clock, () -> newId("j-"), () -> newId("t-"), placement, this::newJob);
    this.leadership = leadership;
    this.proposer = proposer;
    this.reads = reads;
    this.clock = clock;
    this.random = random;
    this.submitCommit = Objects.requireNonNull(decorator.apply(this::commitThenAnswer), "decorated submit step");
  }

  /**
   * Submits a job file (YAML or JSON). Returns the job, or the earlier job for a repeated
   * idempotency key. From feature level 3 a file whose name a live job has makes a new version of
   * that job, or nothing when it is the live version (see {@link JobVersionService}).
   */
  public CompletableFuture<JobView> submit(byte[] body, String idempotencyKey) {
    leadership.requireLeader();
    JobSpec spec = parse(body, idempotencyKey);
    StateImage now = reads.local();
    if (idempotencyKey != null) {
      String existing = now.idempotency().get(idempotencyKey);
      Job first = existing == null ? null : now.jobs().get(existing);
      if (first != null) {
        // The spec that key submitted (a kept version), else, for a job that never changed, its own.
        JobSpec keyed = first.specSubmittedWith(idempotencyKey);
        if (keyed == null && first.versions().isEmpty()) keyed = first.spec();
        if (keyed != null && !keyed.equals(spec)) {
          throw new ApiException(ErrorCode.CONFLICT, io.orchestrate.manager.state.IdempotencyConflict.message(idempotencyKey, existing));
        }
        LOG.info("job {} ({}) submitted again with its idempotency key: answered with the job as it is", first.id(), first.spec().name());
        return CompletableFuture.completedFuture(Views.job(now, first));
      }
    }
    if (now.featureLevel() >= Feature.JOB_VERSIONS.level()) return versions.submit(spec, idempotencyKey, "run");
    return newJob(spec, idempotencyKey, now);
  }

  /** {@code POST /v1/jobs?dryRun=true}: what submitting the file would do; changes nothing. */
  public JobPlanView plan(byte[] body) {
    leadership.requireLeader();
    return versions.plan(parse(body, null));
  }

  /** Scale, revert and history. */
  public JobVersionService versions() {
    return versions;
  }

  private JobSpec parse(byte[] body, String idempotencyKey) {
    if (idempotencyKey != null) checkKey(idempotencyKey);
    if (body.length > maxJobBytes) {
      throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
          "job file is " + body.length + " bytes; the limit is " + maxJobBytes + " bytes (--max-job-bytes)");
    }
    return JobFiles.parse(body);
  }

  /** A new job: ids and time picked here, proposed through the submit step. */
  private CompletableFuture<JobView> newJob(JobSpec spec, String idempotencyKey, StateImage now) {
    List<String> taskIds = new ArrayList<>(spec.instanceCount());
    for (int i = 0; i < spec.instanceCount(); i++) taskIds.add(newId("t-"));
    SubmitJob cmd = new SubmitJob(newId("j-"), idempotencyKey, spec, taskIds, clock.millis());
    // The checks the leader's entry gate applies, here too, so a refusal names the field at once.
    List<String> problems = CommandChecks.problems(cmd);
    if (!problems.isEmpty()) throw new ApiException(ErrorCode.BAD_REQUEST, String.join("; ", problems));
    features.requireHere(cmd, now);
    return submitCommit.submit(cmd);
  }

  /** Proposes the submission and answers with the job as applied here once it is committed. */
  private CompletableFuture<JobView> commitThenAnswer(SubmitJob cmd) {
    return proposer.propose(cmd).thenApply(r -> {
      if (r instanceof CommandResult.JobSubmitted s) {
        StateImage after = reads.local();
        Job j = after.jobs().get(s.jobId());
        if (j == null) throw ApiException.unavailable("job " + s.jobId() + " was committed but is not visible yet");
        // Never the spec's env or secrets: only what identifies the job and its size.
        LOG.info("job {} ({}) submitted: {} task(s) in {} group(s), {}", j.id(), j.spec().name(), cmd.taskIds().size(),
            j.spec().tasks().size(), cmd.idempotencyKey() == null ? "no idempotency key" : "with an idempotency key");
        return Views.job(after, j);
      }
      throw rejected(r);
    });
  }

  /** Stops a job by id or name. Stopping a stopped job is a no-op that answers with the job. */
  public CompletableFuture<JobView> stop(String idOrName) {
    leadership.requireLeader();
    StateImage now = reads.local();
    Job job = now.findJob(idOrName);
    if (job == null) throw new ApiException(ErrorCode.NOT_FOUND, "job '" + idOrName + "' does not exist");
    if (job.stopped()) return CompletableFuture.completedFuture(Views.job(now, job));
    return proposer.propose(new StopJob(job.id(), clock.millis())).thenApply(r -> {
      if (r instanceof CommandResult.JobStopped s) {
        StateImage after = reads.local();
        LOG.info("job {} ({}) stopped: its tasks are stopped on their workers", job.id(), job.spec().name());
        return Views.job(after, after.jobs().get(s.jobId()));
      }
      throw rejected(r);
    });
  }

  private static ApiException rejected(CommandResult r) {
    if (r instanceof CommandResult.Rejected rej) return new ApiException(ErrorCode.byWire(rej.code()), rej.message());
    return new ApiException(ErrorCode.INTERNAL, "unexpected result " + r);
  }

  private static void checkKey(String key) {
    List<String> problems = new ArrayList<>();
    CommandChecks.idempotencyKey(problems, "Idempotency-Key", key);
    if (!problems.isEmpty()) throw new ApiException(ErrorCode.BAD_REQUEST, problems.get(0));
  }

  private String newId(String prefix) {
    byte[] b = new byte[8];
    for (int i = 0; i < b.length; i++) b[i] = (byte) random.nextInt(256);
    return prefix + HexFormat.of().formatHex(b);
  }
}
