package io.orchestrate.core.command;

/**
 * The stable tag and current version of every command kind. Tags are written into the log and
 * must never change meaning; a new shape of a command gets a new version. A replica that reads a
 * tag it does not know, or a version newer than it understands, must stop rather than guess.
 */
public enum CommandType {
  SUBMIT_JOB("job.submit", 1, SubmitJob.class),
  STOP_JOB("job.stop", 1, StopJob.class),
  REGISTER_MANAGER("manager.register", 1, RegisterManager.class),
  BATCH("batch", 1, CommandBatch.class),
  REGISTER_NODE("node.register", 1, RegisterNode.class),
  PLACE_TASKS("task.place", 1, PlaceTasks.class),
  REPORT_TASKS("task.report", 1, ReportTasks.class),
  MARK_NODE_DOWN("node.down", 1, MarkNodeDown.class),
  SET_PENDING_REASONS("task.pending-reasons", 1, SetPendingReasons.class),
  RESCHEDULE_TASKS("task.reschedule", 1, RescheduleTasks.class),
  MIGRATE_TASKS("task.migrate", 1, MigrateTasks.class),
  SET_NODE_DRAIN("node.drain", 1, SetNodeDrain.class),
  COLLECT_GARBAGE("state.gc", 1, CollectGarbage.class),
  // A manager of an earlier release stops at these tags: upgrade every manager before `acl bootstrap`.
  BOOTSTRAP_ACL("acl.bootstrap", 1, BootstrapAcl.class),
  CREATE_TOKEN("acl.token.create", 1, CreateToken.class),
  REVOKE_TOKEN("acl.token.revoke", 1, RevokeToken.class),
  // Proposed only once every voter supports the level it sets (or as a fresh cluster's first level).
  SET_FEATURE_LEVEL("cluster.feature-level", 1, SetFeatureLevel.class),
  // Cluster feature level 3 (job versions): proposed only once the cluster is at that level.
  UPDATE_JOB("job.update", 1, UpdateJob.class),
  // Cluster feature level 4 (rolling updates): the leader's deployment watcher and restart.
  STEP_DEPLOYMENT("deployment.step", 1, StepDeployment.class),
  FAIL_DEPLOYMENT("deployment.fail", 1, FailDeployment.class),
  RESTART_JOB("job.restart", 1, RestartJob.class);

  private final String tag;
  private final int version;
  private final Class<? extends Command> recordClass;

  CommandType(String tag, int version, Class<? extends Command> recordClass) {
    this.tag = tag;
    this.version = version;
    this.recordClass = recordClass;
  }

  public String tag() {
    return tag;
  }

  public int version() {
    return version;
  }

  public Class<? extends Command> recordClass() {
    return recordClass;
  }

  public static CommandType byTag(String tag) {
    for (CommandType t : values()) {
      if (t.tag.equals(tag)) return t;
    }
    return null;
  }
}
