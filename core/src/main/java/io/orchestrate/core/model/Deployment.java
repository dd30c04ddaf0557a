package io.orchestrate.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The roll-out of one job version, kept in the job's record (the last {@link #KEPT} of them). A
 * leader loop drives it by proposing {@code deployment.step} entries, each decided on the
 * deployment at {@code steps} and refused at apply once another step moved it, so that two
 * leaders (or one leader deciding twice) never replace a slot twice.
 *
 * @param id            unique in the cluster: the job id and the log index that started it
 * @param fromVersion   the job version before (equal to {@code toVersion} for a rolling restart)
 * @param toVersion     the version rolled out
 * @param kind          "update", "revert", "restart" or "submit"
 * @param steps         how many steps applied so far (the optimistic-concurrency counter)
 * @param failedTask    the first placed task that failed its deployment, or null
 * @param reason        why it failed (that task's last reason), or null
 * @param revertedTo    the version an automatic revert rolled out again, or 0
 * @param key           the {@code Idempotency-Key} of the restart request that started it, or null: a
 *                      retry of that request is answered with this deployment instead of starting another
 */
public record Deployment(String id, String jobId, int fromVersion, int toVersion, String kind, DeploymentStatus status, long startedAtMillis,
    long updatedAtMillis, int steps, List<DeploymentGroup> groups, String failedTask, String reason, int revertedTo,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String key) {
  public static final int KEPT = 10;

  public Deployment {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** A deployment no request key started (every kind but a keyed restart). */
  public Deployment(String id, String jobId, int fromVersion, int toVersion, String kind, DeploymentStatus status, long startedAtMillis,
      long updatedAtMillis, int steps, List<DeploymentGroup> groups, String failedTask, String reason, int revertedTo) {
    this(id, jobId, fromVersion, toVersion, kind, status, startedAtMillis, updatedAtMillis, steps, groups, failedTask, reason, revertedTo, null);
  }

  /** This deployment recording the key of the request that started it. */
  public Deployment withKey(String requestKey) {
    return new Deployment(id, jobId, fromVersion, toVersion, kind, status, startedAtMillis, updatedAtMillis, steps, groups, failedTask, reason,
        revertedTo, requestKey);
  }

  public DeploymentGroup group(String name) {
    for (DeploymentGroup g : groups) if (g.group().equals(name)) return g;
    return null;
  }

  /** This deployment after one more step: the groups replaced, the counter moved. */
  public Deployment stepped(List<DeploymentGroup> next, DeploymentStatus now, long atMillis) {
    return new Deployment(id, jobId, fromVersion, toVersion, kind, now, startedAtMillis, atMillis, steps + 1, next, failedTask, reason, revertedTo, key);
  }

  public Deployment failed(List<DeploymentGroup> next, String task, String why, int revertTo, long atMillis) {
    return new Deployment(id, jobId, fromVersion, toVersion, kind, revertTo > 0 ? DeploymentStatus.REVERTED : DeploymentStatus.FAILED,
        startedAtMillis, atMillis, steps + 1, next, task, why, revertTo, key);
  }

  /** The groups with {@code g} in place of its namesake. */
  public List<DeploymentGroup> replacing(DeploymentGroup g) {
    List<DeploymentGroup> out = new ArrayList<>(groups);
    for (int i = 0; i < out.size(); i++) if (out.get(i).group().equals(g.group())) out.set(i, g);
    return out;
  }
}
