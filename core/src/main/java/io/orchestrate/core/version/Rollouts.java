package io.orchestrate.core.version;

import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.DeploymentGroup;
import io.orchestrate.core.model.DeploymentStatus;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.TaskSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How a deployment starts: a pure function of the job (already at the version rolled out) and its
 * tasks, so that apply derives the same deployment on every replica.
 */
public final class Rollouts {
  public static final String UPDATE = "update";
  public static final String REVERT = "revert";
  public static final String RESTART = "restart";

  private Rollouts() {}

  /** The deployment id for the entry at {@code index}: unique in the cluster, and the same on every replica. */
  public static String id(long index) {
    return "d" + index;
  }

  /**
   * The change an automatic revert of {@code failed} to {@code spec} makes: every group the failed
   * deployment touched that {@code spec} still has is rolled back by the revert's deployment (a
   * version without update blocks rolls with the default settings); other groups change at once.
   */
  public static JobDiff revertDiff(Job job, Deployment failed, io.orchestrate.core.spec.JobSpec spec) {
    JobDiff diff = JobDiff.between(job.spec(), spec);
    java.util.Set<String> roll = new java.util.TreeSet<>(diff.rolled());
    for (DeploymentGroup g : failed.groups()) {
      for (TaskSpec t : spec.tasks()) if (t.name().equals(g.group())) roll.add(g.group());
    }
    return new JobDiff(diff.groups(), diff.jobChanges(), roll);
  }

  /**
   * A deployment of {@code job}'s current version over {@code groups}. A live task already made of
   * the target spec (a revert finds the previous version's tasks so) is kept, except on a restart,
   * which replaces every task.
   */
  public static Deployment start(String id, Job job, int fromVersion, String kind, Collection<String> groups, List<Task> tasks, long atMillis) {
    List<DeploymentGroup> out = new ArrayList<>();
    for (TaskSpec target : job.spec().tasks()) {
      if (!groups.contains(target.name())) continue;
      List<String> keep = new ArrayList<>();
      if (!RESTART.equals(kind)) {
        for (Task t : tasks) {
          if (!t.group().equals(target.name()) || t.state().isTerminal()) continue;
          TaskSpec was = job.groupAt(t.createdFromVersion(), t.group());
          if (was != null && JobDiff.sameContainers(was, target)) keep.add(t.id());
        }
      }
      out.add(new DeploymentGroup(target.name(), target.count(), target.updatePolicy(), keep, List.of(), List.of(), List.of()));
    }
    return new Deployment(id, job.id(), fromVersion, job.jobVersion(), kind, DeploymentStatus.RUNNING, atMillis, atMillis, 0, out, null, null, 0);
  }
}
