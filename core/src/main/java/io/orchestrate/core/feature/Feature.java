package io.orchestrate.core.feature;

/**
 * Each addition that a manager of an earlier release cannot read or would apply differently: a
 * command kind, a field in a log entry, a rule in apply. Each names the cluster feature level that
 * introduces it; the leader lets a command that uses it into the log only once the cluster's
 * active level has reached that level (see {@link FeatureLevel}).
 */
public enum Feature {
  TASK_SECRETS(2, "job field secrets", "the task field secrets in job.submit entries"),
  ACL_TOKENS(2, "API tokens", "API tokens: the log entries acl.bootstrap, acl.token.create and acl.token.revoke"),
  MANAGER_LEVELS(2, "manager feature levels", "each manager's highest level in its manager.register entry (field featureLevel)"),
  JOB_VERSIONS(3, "job versions", "a job is identified by its name among live jobs: the log entry job.update makes a new version"
      + " (scale, replace, revert), and a job.submit of a live job's name is refused at apply"),
  JOB_SCHEDULER(3, "job field scheduler", "the job field scheduler (the placement algorithm for one job) in job.submit and job.update entries"),
  PLACEMENT_CONSTRAINTS(3, "task fields constraints and distinctNodes",
      "the task fields constraints (label and node id rules) and distinctNodes in job.submit and job.update entries"),
  ROLLING_UPDATES(4, "rolling updates", "a task group's update block rolls a new version out slot by slot, health-gated, with automatic revert:"
      + " the task field update and the log entries deployment.step, deployment.fail and job.restart; a job records its deployments"),
  SMILE_ENTRIES(5, "Smile log entries", "log entries and stored records written in Smile, a binary form of JSON (format byte 0x01, then the"
      + " Smile data), instead of JSON text: smaller, and cheaper for every replica to read; JSON entries and records already in the log, the"
      + " store and snapshots are read as before");

  private final int level;
  private final String name;
  private final String description;

  Feature(int level, String name, String description) {
    this.level = level;
    this.name = name;
    this.description = description;
  }

  /** The cluster feature level that introduces this feature. */
  public int level() {
    return level;
  }

  /** A short name, as refusals and the features listing say it. */
  public String featureName() {
    return name;
  }

  /** What the feature adds, for operators deciding whether to raise the level. */
  public String description() {
    return description;
  }
}
