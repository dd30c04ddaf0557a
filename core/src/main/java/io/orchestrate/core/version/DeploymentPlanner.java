package io.orchestrate.core.version;

import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.DeploymentGroup;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.core.spec.UpdatePolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The next step of a running deployment, decided from the replicated state and the time only (plus
 * when the leader first saw each placed task healthy, which a new leader simply learns again:
 * counting a task a little later never replaces anything twice). A pure function, no clock.
 *
 * <p>Per group: a placed task that ended, or was not counted healthy within
 * {@code healthyDeadlineSeconds} of its creation, fails the deployment. One that has been healthy
 * (RUNNING, without a health check) for {@code minHealthySeconds} counts. A slot is covered by a
 * live task the deployment kept or counted; while fewer than {@code maxParallel} placed tasks are
 * still uncounted, the next uncovered slot gets a new task, and with {@code stop-first} its old
 * task stops in the same step; with {@code start-first} the old task stops once its slot is covered.
 * Old tasks beyond the target count stop at once. The deployment is done when every slot is
 * covered, no placed task is uncounted and no old task lives.
 */
public final class DeploymentPlanner {
  /** The health a node reports for a passing check. */
  public static final String HEALTHY = "healthy";

  private DeploymentPlanner() {}

  /**
   * @param healthySince task id to the time the leader first saw it healthy (without a break);
   *                     the caller keeps it, this only reads it
   */
  public static DeploymentDecision decide(Job job, Deployment dep, List<Task> tasks, Map<String, Long> healthySince, long now) {
    List<String> stops = new ArrayList<>();
    List<DeploymentDecision.Slot> creates = new ArrayList<>();
    List<String> healthy = new ArrayList<>();
    boolean done = true;
    for (DeploymentGroup g : dep.groups()) {
      TaskSpec target = null;
      for (TaskSpec t : job.spec().tasks()) if (t.name().equals(g.group())) target = t;
      UpdatePolicy policy = g.policy();
      List<Task> live = new ArrayList<>();
      for (Task t : tasks) if (t.group().equals(g.group()) && !t.state().isTerminal()) live.add(t);
      Set<String> counted = new HashSet<>(g.healthy());
      int inFlight = 0;
      for (String id : g.placed()) {
        if (counted.contains(id)) continue;
        Task t = find(tasks, id);
        if (t == null || t.state().isTerminal()) {
          return new DeploymentDecision.Fail(g.group(), id, describe(t, id, ended(t)));
        }
        boolean ok = t.state() == TaskState.RUNNING && (target == null || target.health() == null || HEALTHY.equals(t.health()));
        Long since = healthySince.get(id);
        if (ok && since != null && now - since >= policy.minHealthySeconds() * 1000L) {
          healthy.add(id);
          counted.add(id);
          continue;
        }
        if (now - t.createdAtMillis() > policy.healthyDeadlineSeconds() * 1000L) {
          return new DeploymentDecision.Fail(g.group(), id, describe(t, id, "not healthy within " + policy.healthyDeadlineSeconds() + "s"
              + " (" + t.state().name().toLowerCase(java.util.Locale.ROOT) + (t.health() == null ? "" : ", " + t.health())
              + (t.reason() == null ? "" : ": " + t.reason()) + ")"));
        }
        inFlight++;
      }
      Set<String> keep = new HashSet<>(g.keep());
      Set<String> placed = new HashSet<>(g.placed());
      Set<Integer> covered = new HashSet<>();
      Set<Integer> coming = new HashSet<>();
      List<Task> old = new ArrayList<>();
      for (Task t : live) {
        if (keep.contains(t.id()) || counted.contains(t.id())) covered.add(t.index());
        else if (placed.contains(t.id())) coming.add(t.index());
        else old.add(t);
      }
      Set<String> stopping = new HashSet<>();
      for (Task t : old) {
        if (t.index() >= g.desired() || covered.contains(t.index())) stopping.add(t.id());
      }
      for (int i = 0; i < g.desired() && inFlight < policy.maxParallel(); i++) {
        if (covered.contains(i) || coming.contains(i)) continue;
        creates.add(new DeploymentDecision.Slot(g.group(), i));
        coming.add(i);
        inFlight++;
        if (!policy.startFirst()) for (Task t : old) if (t.index() == i) stopping.add(t.id());
      }
      for (Task t : old) if (stopping.contains(t.id())) stops.add(t.id());
      boolean groupDone = inFlight == 0 && stopping.size() == old.size();
      for (int i = 0; i < g.desired(); i++) if (!covered.contains(i)) groupDone = false;
      done &= groupDone;
    }
    if (stops.isEmpty() && creates.isEmpty() && healthy.isEmpty() && !done) return new DeploymentDecision.Wait();
    return new DeploymentDecision.Step(stops, creates, healthy, done);
  }

  /** Whether {@code t} counts as healthy now, for the caller's {@code healthySince} bookkeeping. */
  public static boolean healthyNow(Job job, Task t) {
    if (t.state() != TaskState.RUNNING) return false;
    for (TaskSpec s : job.spec().tasks()) if (s.name().equals(t.group())) return s.health() == null || HEALTHY.equals(t.health());
    return false;
  }

  private static Task find(List<Task> tasks, String id) {
    for (Task t : tasks) if (t.id().equals(id)) return t;
    return null;
  }

  private static String ended(Task t) {
    if (t == null) return "its record is gone";
    String how = t.state().name().toLowerCase(java.util.Locale.ROOT);
    if (t.exitCode() != null) how += " with exit code " + t.exitCode();
    return how + (t.reason() == null ? "" : ": " + t.reason());
  }

  private static String describe(Task t, String id, String what) {
    return "task " + id + (t == null ? "" : " (" + t.group() + "[" + t.index() + "])") + " " + what;
  }
}
