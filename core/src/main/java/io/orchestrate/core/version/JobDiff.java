package io.orchestrate.core.version;

import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The difference between a job's live spec and a new one, group by group. A pure function of the
 * two specs: the leader uses it to decide and to answer a plan, and apply uses it to carry out an
 * update, so both always agree on what a change does.
 *
 * <p>Only {@code count} can change without new containers. Every other field replaces the group's
 * tasks: the worker builds a container from image, command, env, secrets, resources, network,
 * health check and user, and applies the restart policy to it; the reschedule policy is read by
 * the managers only, but changing it replaces too, so that every task of a group is of the version
 * whose policy it follows; so does a change of constraints or distinctNodes, so that every task
 * runs where the live version allows. A job-level field ({@code scheduler}) changes how tasks placed from then
 * on are placed and touches no running task; it is listed in {@code jobChanges}.
 *
 * <p>{@code rolled} names the replaced groups whose new spec has an update block: their tasks
 * are replaced by a deployment, step by step, so the change itself neither stops nor creates any.
 */
public record JobDiff(List<GroupChange> groups, List<String> jobChanges, java.util.Set<String> rolled) {
  public JobDiff {
    groups = List.copyOf(groups);
    jobChanges = List.copyOf(jobChanges);
    rolled = rolled == null ? java.util.Set.of() : java.util.Set.copyOf(rolled);
  }

  /** A difference without rolled groups. */
  public JobDiff(List<GroupChange> groups, List<String> jobChanges) {
    this(groups, jobChanges, null);
  }

  /** A difference in task groups only. */
  public JobDiff(List<GroupChange> groups) {
    this(groups, List.of());
  }

  /**
   * Whether a task of spec {@code a} is also a task of spec {@code b}: nothing its container is
   * made from differs (count and the update block may).
   */
  public static boolean sameContainers(TaskSpec a, TaskSpec b) {
    for (Function<TaskSpec, Object> f : FIELDS.values()) if (!Objects.equals(f.apply(a), f.apply(b))) return false;
    return true;
  }

  private static final Map<String, Function<TaskSpec, Object>> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("image", TaskSpec::image);
    FIELDS.put("command", TaskSpec::command);
    FIELDS.put("env", TaskSpec::env);
    FIELDS.put("secrets", TaskSpec::secrets);
    FIELDS.put("resources", TaskSpec::resources);
    FIELDS.put("restart", TaskSpec::restart);
    FIELDS.put("reschedule", TaskSpec::reschedule);
    FIELDS.put("health", TaskSpec::health);
    FIELDS.put("network", TaskSpec::network);
    FIELDS.put("user", TaskSpec::user);
    FIELDS.put("constraints", TaskSpec::constraints);
    FIELDS.put("distinctNodes", TaskSpec::distinct);
  }

  /** Groups of {@code to} in its order, then the groups of {@code from} that {@code to} no longer has. */
  public static JobDiff between(JobSpec from, JobSpec to) {
    Map<String, TaskSpec> old = new LinkedHashMap<>();
    for (TaskSpec t : from.tasks()) old.put(t.name(), t);
    List<GroupChange> out = new ArrayList<>();
    java.util.Set<String> rolled = new java.util.TreeSet<>();
    for (TaskSpec t : to.tasks()) {
      TaskSpec was = old.remove(t.name());
      if (was == null) {
        out.add(new GroupChange(t.name(), GroupChange.Kind.ADDED, List.of(), 0, t.count()));
        continue;
      }
      List<String> fields = new ArrayList<>();
      if (!was.count().equals(t.count())) fields.add("count");
      boolean replace = false;
      for (Map.Entry<String, Function<TaskSpec, Object>> f : FIELDS.entrySet()) {
        if (!Objects.equals(f.getValue().apply(was), f.getValue().apply(t))) {
          fields.add(f.getKey());
          replace = true;
        }
      }
      // The update block says how the next change rolls out; changing it alone touches no task.
      if (!Objects.equals(was.update(), t.update())) fields.add("update");
      GroupChange.Kind kind = replace ? GroupChange.Kind.REPLACED
          : !was.count().equals(t.count()) ? GroupChange.Kind.SCALED : GroupChange.Kind.UNCHANGED;
      out.add(new GroupChange(t.name(), kind, fields, was.count(), t.count()));
      // A group with an update block is replaced by a deployment, slot by slot, not by this change.
      if (kind == GroupChange.Kind.REPLACED && t.update() != null) rolled.add(t.name());
    }
    for (TaskSpec gone : old.values()) out.add(new GroupChange(gone.name(), GroupChange.Kind.REMOVED, List.of(), gone.count(), 0));
    List<String> job = new ArrayList<>();
    if (!Objects.equals(from.scheduler(), to.scheduler())) {
      job.add("scheduler: " + (from.scheduler() == null ? "default" : from.scheduler()) + " -> " + (to.scheduler() == null ? "default" : to.scheduler()));
    }
    return new JobDiff(out, job, rolled);
  }

  /** True when nothing changes (the order of groups may still differ; it changes no task). */
  public boolean unchanged() {
    return jobChanges.isEmpty() && groups.stream().allMatch(g -> g.kind() == GroupChange.Kind.UNCHANGED && g.fields().isEmpty());
  }

  /** The history lines for this change: one per group that changed. */
  public List<String> describe() {
    List<String> out = new ArrayList<>(jobChanges);
    groups.stream().filter(g -> g.kind() != GroupChange.Kind.UNCHANGED || !g.fields().isEmpty()).map(GroupChange::describe).forEach(out::add);
    return out;
  }
}
