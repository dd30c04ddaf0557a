package io.orchestrate.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A submitted job as the replicated state holds it.
 *
 * <p>A job is identified by its name among live (not stopped) jobs: submitting a spec with the name
 * of a live job makes a new version of it. {@code versions} holds the last {@link #KEPT_VERSIONS}
 * versions, the current one last; it is empty for a job that never changed (its only version is
 * the first, made of {@code spec} and {@code createdAtMillis}), and left out of encodings then, so
 * a job written before versions existed reads and encodes as it always did.
 *
 * @param version log index of the command that last changed this record (optimistic concurrency)
 * @param deployments the last {@link Deployment#KEPT} roll-outs of its versions, oldest first; empty
 *                    (and left out of encodings) for a job that never had one
 */
public record Job(
    String id,
    String name,
    JobSpec spec,
    JobStatus status,
    long createdAtMillis,
    long stoppedAtMillis,
    String idempotencyKey,
    long version,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<JobVersion> versions,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Deployment> deployments) {

  /** The number of versions a job keeps, the current one included; older ones are dropped. */
  public static final int KEPT_VERSIONS = 10;
  /** The version of a job's first spec. */
  public static final int FIRST_VERSION = 1;

  @JsonCreator
  public Job {
    versions = versions == null ? List.of() : List.copyOf(versions);
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
  }

  /** A job without deployments. */
  public Job(String id, String name, JobSpec spec, JobStatus status, long createdAtMillis, long stoppedAtMillis, String idempotencyKey,
      long version, List<JobVersion> versions) {
    this(id, name, spec, status, createdAtMillis, stoppedAtMillis, idempotencyKey, version, versions, List.of());
  }

  /** A job that never changed: its first version only. */
  public Job(String id, String name, JobSpec spec, JobStatus status, long createdAtMillis, long stoppedAtMillis, String idempotencyKey,
      long version) {
    this(id, name, spec, status, createdAtMillis, stoppedAtMillis, idempotencyKey, version, List.of(), List.of());
  }

  /** The current version's number. */
  public int jobVersion() {
    return versions.isEmpty() ? FIRST_VERSION : versions.get(versions.size() - 1).version();
  }

  /** The kept versions, oldest first, the current one last; a job that never changed has its first. */
  public List<JobVersion> history() {
    if (!versions.isEmpty()) return versions;
    return List.of(new JobVersion(FIRST_VERSION, spec, createdAtMillis, List.of(), null, idempotencyKey));
  }

  /** A kept version by number, or null when it was never made or is no longer kept. */
  public JobVersion versionAt(int number) {
    for (JobVersion v : history()) if (v.version() == number) return v;
    return null;
  }

  /**
   * The spec the request with {@code key} submitted, when that version is still kept, else null.
   * For a job that never changed this is its spec whenever the key is the job's own.
   */
  public JobSpec specSubmittedWith(String key) {
    for (JobVersion v : history()) if (key.equals(v.idempotencyKey())) return v.spec();
    return null;
  }

  /** This job at a new version {@code next}, the oldest versions dropped beyond {@link #KEPT_VERSIONS}. */
  public Job withVersion(JobVersion next, long index) {
    List<JobVersion> kept = new ArrayList<>(history());
    kept.add(next);
    while (kept.size() > KEPT_VERSIONS) kept.remove(0);
    return new Job(id, name, next.spec(), status, createdAtMillis, stoppedAtMillis, idempotencyKey, index, kept, deployments);
  }

  public boolean stopped() {
    return status == JobStatus.STOPPED;
  }

  public Job stop(long atMillis, long index) {
    return new Job(id, name, spec, JobStatus.STOPPED, createdAtMillis, atMillis, idempotencyKey, index, versions, deployments);
  }

  /** The spec of group {@code group} in kept version {@code number}, or null. */
  public io.orchestrate.core.spec.TaskSpec groupAt(int number, String group) {
    JobVersion v = versionAt(number);
    if (v == null) return null;
    for (io.orchestrate.core.spec.TaskSpec t : v.spec().tasks()) if (t.name().equals(group)) return t;
    return null;
  }

  /** The latest deployment, or null. */
  public Deployment latestDeployment() {
    return deployments.isEmpty() ? null : deployments.get(deployments.size() - 1);
  }

  /** This job with {@code d} in place of the deployment of its id, or added last (the oldest dropped beyond {@link Deployment#KEPT}). */
  public Job withDeployment(Deployment d, long index) {
    List<Deployment> out = new ArrayList<>(deployments);
    boolean replaced = false;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).id().equals(d.id())) {
        out.set(i, d);
        replaced = true;
      }
    }
    if (!replaced) out.add(d);
    while (out.size() > Deployment.KEPT) out.remove(0);
    return new Job(id, name, spec, status, createdAtMillis, stoppedAtMillis, idempotencyKey, index, versions, out);
  }

  /**
   * The newest kept version below the current one that is good to go back to: its deployment
   * succeeded, or it had none (it was rolled out in one step). 0 when there is none.
   */
  public int lastGoodVersionBefore(int current) {
    List<JobVersion> h = history();
    for (int i = h.size() - 1; i >= 0; i--) {
      int v = h.get(i).version();
      if (v >= current) continue;
      Deployment last = null;
      for (Deployment d : deployments) if (d.toVersion() == v) last = d;
      if (last == null || last.status() == DeploymentStatus.SUCCESSFUL) return v;
    }
    return 0;
  }
}
