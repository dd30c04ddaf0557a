package io.orchestrate.manager.leader;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.FailDeployment;
import io.orchestrate.core.command.StepDeployment;
import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.DeploymentGroup;
import io.orchestrate.core.model.DeploymentStatus;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobVersion;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.version.DeploymentDecision;
import io.orchestrate.core.version.DeploymentPlanner;
import io.orchestrate.core.version.Rollouts;
import io.orchestrate.core.version.UpdatePlan;
import io.orchestrate.manager.state.StateImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives running deployments forward on the leader: each tick reads the published image, asks
 * {@link DeploymentPlanner} for the next step of every running deployment and proposes it. All it
 * remembers between ticks is when it first saw each placed task healthy and which deployments
 * have a proposal in flight; both are rebuilt from nothing by a new leader, which therefore
 * continues the same deployment from the replicated state (a step decided on a state another
 * step already moved is refused at apply, and decided again). Leader thread only.
 */
final class DeploymentWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentWatcher.class);

  private final Supplier<StateImage> image;
  private final Function<Command, CompletableFuture<CommandResult>> propose;
  private final LongSupplier clock;
  private final Supplier<String> newTaskId;
  private final Map<String, Long> healthySince = new HashMap<>();
  private final Set<String> inFlight = new HashSet<>();

  DeploymentWatcher(Supplier<StateImage> image, Function<Command, CompletableFuture<CommandResult>> propose, LongSupplier clock,
      Supplier<String> newTaskId) {
    this.image = image;
    this.propose = propose;
    this.clock = clock;
    this.newTaskId = newTaskId;
  }

  /**
   * One pass over the jobs with a running deployment ({@link StateImage#deploying}); returns the commands proposed (for tests).
   * {@code done} runs on whatever thread completes a proposal and must hand back to the leader thread.
   */
  List<Command> tick(java.util.function.Consumer<Runnable> done) {
    StateImage s = image.get();
    long now = clock.getAsLong();
    List<Command> sent = new ArrayList<>();
    Set<String> watched = new HashSet<>();
    // The image's index of jobs with a running deployment: a tick costs what is deploying, not
    // every job the cluster holds (a scan of all jobs was a third of a busy leader's CPU).
    for (String jobId : s.deploying()) {
      Job job = s.jobs().get(jobId);
      Deployment dep = job == null ? null : job.latestDeployment();
      if (dep == null || job.stopped() || dep.status() != DeploymentStatus.RUNNING) continue;
      List<Task> tasks = s.tasksOf(job.id());
      for (DeploymentGroup g : dep.groups()) {
        for (String id : g.placed()) {
          if (g.healthy().contains(id)) continue;
          watched.add(id);
          Task t = find(tasks, id);
          if (t != null && DeploymentPlanner.healthyNow(job, t)) healthySince.putIfAbsent(id, now);
          else healthySince.remove(id);
        }
      }
      if (inFlight.contains(dep.id())) continue;
      Command c = command(job, dep, tasks, now);
      if (c == null) continue;
      inFlight.add(dep.id());
      sent.add(c);
      String depId = dep.id();
      propose.apply(c).whenComplete((r, e) -> done.accept(() -> {
        inFlight.remove(depId);
        if (e != null) LOG.debug("deployment {}: proposal failed, deciding again next tick", depId, e);
        else if (r instanceof CommandResult.Rejected rej) LOG.info("deployment {}: {} refused ({}); deciding again", depId, c.type().tag(), rej.message());
      }));
    }
    healthySince.keySet().retainAll(watched);
    return sent;
  }

  private Command command(Job job, Deployment dep, List<Task> tasks, long now) {
    DeploymentDecision d = DeploymentPlanner.decide(job, dep, tasks, healthySince, now);
    if (d instanceof DeploymentDecision.Step step) {
      List<StepDeployment.Create> creates = new ArrayList<>();
      for (DeploymentDecision.Slot slot : step.creates()) creates.add(new StepDeployment.Create(newTaskId.get(), slot.group(), slot.index()));
      if (step.finish()) LOG.info("deployment {} of job {} (version {}) succeeded", dep.id(), job.name(), dep.toVersion());
      return new StepDeployment(job.id(), dep.id(), dep.steps(), step.stops(), creates, step.healthy(), step.finish(), now);
    }
    if (d instanceof DeploymentDecision.Fail f) {
      int revertTo = revertTarget(job, dep, f.group());
      List<String> ids = new ArrayList<>();
      if (revertTo > 0) {
        JobVersion back = job.versionAt(revertTo);
        UpdatePlan plan = UpdatePlan.of(Rollouts.revertDiff(job, dep, back.spec()), tasks, job.jobVersion() + 1);
        for (int i = 0; i < plan.creates().size(); i++) ids.add(newTaskId.get());
      }
      LOG.warn("deployment {} of job {} (version {}) failed: {}{}", dep.id(), job.name(), dep.toVersion(), f.reason(),
          revertTo > 0 ? "; reverting to version " + revertTo : "");
      return new FailDeployment(job.id(), dep.id(), dep.steps(), f.group(), f.taskId(), f.reason(), revertTo, ids, now);
    }
    return null;
  }

  /** The version an automatic revert goes back to, or 0: only an update's deployment reverts, when its group asks. */
  static int revertTarget(Job job, Deployment dep, String group) {
    if (!Rollouts.UPDATE.equals(dep.kind())) return 0;
    DeploymentGroup g = dep.group(group);
    if (g == null || !g.policy().autoRevert()) return 0;
    return job.lastGoodVersionBefore(dep.toVersion());
  }

  private static Task find(List<Task> tasks, String id) {
    for (Task t : tasks) if (t.id().equals(id)) return t;
    return null;
  }
}
