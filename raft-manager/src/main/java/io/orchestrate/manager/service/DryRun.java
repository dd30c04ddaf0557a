package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.JobPlanView;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandChecks;
import io.orchestrate.core.command.StepDeployment;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.command.UpdateJob;
import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.DeploymentGroup;
import io.orchestrate.core.model.DeploymentStatus;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.core.version.DeploymentDecision;
import io.orchestrate.core.version.DeploymentPlanner;
import io.orchestrate.core.version.GroupChange;
import io.orchestrate.core.version.JobDiff;
import io.orchestrate.core.version.UpdatePlan;
import io.orchestrate.manager.leader.PlacementInputs;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.PlacementAlgorithm;
import io.orchestrate.scheduler.Plan;
import io.orchestrate.scheduler.TaskRequest;
import io.orchestrate.scheduler.Unplaced;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What submitting a spec would do ({@code POST /v1/jobs?dryRun=true}), worked out on copies of an
 * image: the submission's command is applied to a copy and dropped, so the answer is what apply
 * would do and nothing is proposed. A pure function of the image, the spec, the time and the ids
 * it is given.
 *
 * <p>A group with an update block is replaced by a deployment, slot by slot, after the submission
 * applies; the plan counts the tasks that deployment would create and stop, and asks two placement
 * questions of it: does its first step fit while the other old copies still run (a start-first
 * step needs room for the new copy beside the old), and does every new task fit once the old ones
 * are gone (the same change made in one step).
 */
final class DryRun {
  private final PlacementAlgorithm placement;
  private final Supplier<String> newJobId;
  private final Supplier<String> newTaskId;
  private final long nowMillis;

  DryRun(PlacementAlgorithm placement, Supplier<String> newJobId, Supplier<String> newTaskId, long nowMillis) {
    this.placement = placement;
    this.newJobId = newJobId;
    this.newTaskId = newTaskId;
    this.nowMillis = nowMillis;
  }

  JobPlanView of(StateImage now, JobSpec spec) {
    Job live = now.liveJobNamed(spec.name());
    JobSpec from = live == null ? new JobSpec(spec.name(), List.of(), spec.scheduler()) : live.spec();
    JobDiff diff = JobDiff.between(from, spec);
    int fromVersion = live == null ? 0 : live.jobVersion();
    if (live != null && diff.unchanged()) {
      return view(spec.name(), live, diff, counts(diff, UpdatePlan.of(diff, List.of(), fromVersion), null, List.of()), fromVersion, true, List.of());
    }
    Command c = live == null ? submit(spec) : update(now, live, spec);
    StateImage after = apply(now, c);
    List<Task> tasks = live == null ? List.of() : now.tasksOf(live.id());
    UpdatePlan plan = UpdatePlan.of(diff, tasks, fromVersion + 1);
    Deployment rollout = live == null || diff.rolled().isEmpty() ? null : after.jobs().get(live.id()).latestDeployment();
    if (rollout != null && (rollout.toVersion() != fromVersion + 1 || rollout.status() != DeploymentStatus.RUNNING)) rollout = null;
    List<String> unplaced;
    if (rollout == null) {
      unplaced = unplaced(after, created(c), spec.scheduler());
    } else {
      // Every new task once the old are gone: the same spec without update blocks replaces in one step.
      UpdateJob atOnce = update(now, live, withoutUpdates(spec, diff.rolled()));
      unplaced = new ArrayList<>(unplaced(apply(now, atOnce), created(atOnce), spec.scheduler()));
      unplaced.addAll(firstStep(after, live.id(), rollout, spec.scheduler(), unplaced));
    }
    return view(spec.name(), live, diff, counts(diff, plan, rollout, tasks), fromVersion + 1, false, unplaced);
  }

  private SubmitJob submit(JobSpec spec) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < spec.instanceCount(); i++) ids.add(newTaskId.get());
    return new SubmitJob(newJobId.get(), null, spec, ids, nowMillis);
  }

  private UpdateJob update(StateImage now, Job live, JobSpec spec) {
    return JobVersionService.update(now, live, spec, null, "plan", newTaskId, nowMillis);
  }

  private static StateImage apply(StateImage img, Command c) {
    List<String> problems = CommandChecks.problems(c);
    if (!problems.isEmpty()) throw new ApiException(ErrorCode.BAD_REQUEST, String.join("; ", problems));
    return Applier.apply(img, c, img.index() + 1).image();
  }

  private static List<String> created(Command c) {
    return c instanceof SubmitJob s ? s.taskIds() : ((UpdateJob) c).taskIds();
  }

  private static JobSpec withoutUpdates(JobSpec spec, Set<String> groups) {
    List<TaskSpec> out = new ArrayList<>();
    for (TaskSpec t : spec.tasks()) out.add(groups.contains(t.name()) ? t.withUpdate(null) : t);
    return spec.withTasks(out);
  }

  /**
   * The first step the deployment would take (as the deployment watcher decides it), applied to
   * {@code after}: the reason for each new task of it that would not fit while the other old
   * copies still run, for the slots {@code known} does not already name.
   */
  private List<String> firstStep(StateImage after, String jobId, Deployment rollout, String scheduler, List<String> known) {
    Job job = after.jobs().get(jobId);
    DeploymentDecision d = DeploymentPlanner.decide(job, rollout, after.tasksOf(jobId), Map.of(), nowMillis);
    if (!(d instanceof DeploymentDecision.Step step) || step.creates().isEmpty()) return List.of();
    List<StepDeployment.Create> creates = new ArrayList<>();
    for (DeploymentDecision.Slot s : step.creates()) creates.add(new StepDeployment.Create(newTaskId.get(), s.group(), s.index()));
    StepDeployment c = new StepDeployment(jobId, rollout.id(), rollout.steps(), step.stops(), creates, step.healthy(), step.finish(), nowMillis);
    StateImage first = apply(after, c);
    List<String> out = new ArrayList<>();
    for (String u : unplaced(first, creates.stream().map(StepDeployment.Create::taskId).toList(), scheduler)) {
      String slot = u.substring(0, u.indexOf(": ") + 2);
      if (known.stream().noneMatch(k -> k.startsWith(slot))) out.add(u + " (in the rollout's first step, while the other old copies still run)");
    }
    return out;
  }

  /** The scheduler's reason for each of {@code ids} that fits no node in {@code img}, "group[index]: reason". */
  private List<String> unplaced(StateImage img, List<String> ids, String scheduler) {
    List<TaskRequest> requests = new ArrayList<>();
    Map<String, Task> byId = new HashMap<>();
    for (String id : ids) {
      Task t = img.tasks().get(id);
      TaskSpec spec = t == null ? null : img.specOf(t);
      if (spec == null) continue;
      requests.add(PlacementInputs.request(t, spec));
      byId.put(id, t);
    }
    if (requests.isEmpty()) return List.of();
    if (img.nodes().isEmpty()) return List.of("every new task: " + Unplaced.NO_NODES);
    // The job's own algorithm when it names one, as the scheduling loop will place it.
    PlacementAlgorithm algorithm = scheduler == null ? placement : io.orchestrate.scheduler.Schedulers.byName(scheduler);
    Plan p = algorithm.plan(PlacementInputs.cluster(img), requests, img.index());
    List<String> out = new ArrayList<>();
    for (Unplaced u : p.unplaced()) {
      Task t = byId.get(u.taskId());
      out.add(t.group() + "[" + t.index() + "]: " + u.reason());
    }
    return out;
  }

  /**
   * Per group: the tasks created and stopped. A group the change replaces at once counts its plan;
   * a rolled group counts what its deployment would do: a new task for each slot no kept task
   * covers, and every other live task stopped.
   */
  private static List<JobPlanView.Group> counts(JobDiff diff, UpdatePlan plan, Deployment rollout, List<Task> tasks) {
    List<JobPlanView.Group> out = new ArrayList<>();
    for (GroupChange g : diff.groups()) {
      DeploymentGroup rolled = rollout == null ? null : rollout.group(g.group());
      int create;
      int stop;
      if (diff.rolled().contains(g.group()) && rolled != null) {
        Set<String> keep = new HashSet<>(rolled.keep());
        Set<Integer> covered = new HashSet<>();
        stop = 0;
        for (Task t : tasks) {
          if (!t.group().equals(g.group()) || t.state().isTerminal()) continue;
          if (keep.contains(t.id()) && t.index() < rolled.desired()) covered.add(t.index());
          else stop++;
        }
        create = rolled.desired() - covered.size();
      } else {
        create = (int) plan.creates().stream().filter(s -> s.group().equals(g.group())).count();
        stop = (int) plan.stops().stream().filter(s -> s.group().equals(g.group())).count();
        rolled = null;
      }
      out.add(new JobPlanView.Group(g.group(), g.kind().wire(), g.fields(), g.fromCount(), g.toCount(), create, stop,
          rolled == null ? null : rolled.policy()));
    }
    return out;
  }

  private static JobPlanView view(String name, Job live, JobDiff diff, List<JobPlanView.Group> groups, int toVersion, boolean unchanged,
      List<String> unplaced) {
    int create = 0;
    int replace = 0;
    int stop = 0;
    for (JobPlanView.Group g : groups) {
      create += g.create();
      stop += g.stop();
      if (g.change().equals(GroupChange.Kind.REPLACED.wire())) replace += Math.min(g.create(), g.stop());
    }
    return new JobPlanView(name, live == null ? null : live.id(), live == null ? null : live.jobVersion(), toVersion, unchanged, groups,
        create, replace, stop, unplaced.isEmpty(), unplaced, diff.jobChanges());
  }
}
