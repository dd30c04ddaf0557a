package io.orchestrate.core.command;

/**
 * An entry of the replicated log: an immutable record that carries every non-deterministic choice
 * (ids, timestamps, placements) the leader made, so that applying it is a pure function of the
 * state and the command. Each kind has a stable tag and a version in {@link CommandType}.
 */
public sealed interface Command permits SubmitJob, StopJob, RegisterManager, CommandBatch, RegisterNode, PlaceTasks, ReportTasks,
    MarkNodeDown, SetPendingReasons, RescheduleTasks, MigrateTasks, SetNodeDrain, CollectGarbage,
    BootstrapAcl, CreateToken, RevokeToken, SetFeatureLevel, UpdateJob,
    StepDeployment, FailDeployment, RestartJob {
  CommandType type();
}
