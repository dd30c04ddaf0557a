package io.orchestrate.manager.state;

import io.orchestrate.core.command.CollectGarbage;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.MarkNodeDown;
import io.orchestrate.core.command.MigrateTasks;
import io.orchestrate.core.command.RescheduleTasks;
import io.orchestrate.core.command.SetNodeDrain;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterManager;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.ReportTasks;
import io.orchestrate.core.command.SetPendingReasons;
import io.orchestrate.core.command.StopJob;
import io.orchestrate.core.command.SubmitJob;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one committed command to the state: a pure function of (image, command, index). No
 * clock, no randomness, no I/O: every choice was made by the leader and is in the command. User
 * errors become {@link CommandResult.Rejected}; anything thrown from here is a broken invariant and
 * stops the replica.
 */
public final class Applier {
  private Applier() {}

  /** The outcome of one log entry: the next image, the writes that persist it, and the caller's answer. */
  public record Applied(StateImage image, io.orchestrate.manager.store.Mutations mutations, CommandResult result) {}

  public static Applied apply(StateImage base, Command command, long index) {
    Delta d = new Delta(base.atIndex(index));
    CommandResult r = apply(d, command, index);
    return new Applied(d.image(), d.mutations(), r);
  }

  private static CommandResult apply(Delta d, Command command, long index) {
    if (command.type() != io.orchestrate.core.command.CommandType.BATCH) {
      CommandResult above = FeatureApplier.aboveLevel(d, command);
      if (above != null) return above;
    }
    // Dispatch on the stable tag (Java 17 has no pattern switch); the sealed interface keeps the
    // enum and the records in step.
    return switch (command.type()) {
      case SUBMIT_JOB -> JobApplier.submit(d, (SubmitJob) command, index);
      case STOP_JOB -> JobApplier.stop(d, (StopJob) command, index);
      case UPDATE_JOB -> JobApplier.update(d, (io.orchestrate.core.command.UpdateJob) command, index);
      case STEP_DEPLOYMENT -> DeploymentApplier.step(d, (io.orchestrate.core.command.StepDeployment) command, index);
      case FAIL_DEPLOYMENT -> DeploymentApplier.fail(d, (io.orchestrate.core.command.FailDeployment) command, index);
      case RESTART_JOB -> DeploymentApplier.restart(d, (io.orchestrate.core.command.RestartJob) command, index);
      case REGISTER_MANAGER -> ManagerApplier.register(d, (RegisterManager) command);
      case REGISTER_NODE -> NodeApplier.register(d, (RegisterNode) command, index);
      case MARK_NODE_DOWN -> NodeApplier.markDown(d, (MarkNodeDown) command, index);
      case PLACE_TASKS -> TaskApplier.place(d, (PlaceTasks) command, index);
      case REPORT_TASKS -> TaskApplier.report(d, (ReportTasks) command, index);
      case SET_PENDING_REASONS -> TaskApplier.pendingReasons(d, (SetPendingReasons) command, index);
      case RESCHEDULE_TASKS -> TaskApplier.reschedule(d, (RescheduleTasks) command, index);
      case MIGRATE_TASKS -> TaskApplier.migrate(d, (MigrateTasks) command, index);
      case SET_NODE_DRAIN -> NodeApplier.drain(d, (SetNodeDrain) command, index);
      case COLLECT_GARBAGE -> GcApplier.collect(d, (CollectGarbage) command);
      case BOOTSTRAP_ACL -> AclApplier.bootstrap(d, (io.orchestrate.core.command.BootstrapAcl) command);
      case CREATE_TOKEN -> AclApplier.create(d, (io.orchestrate.core.command.CreateToken) command);
      case REVOKE_TOKEN -> AclApplier.revoke(d, (io.orchestrate.core.command.RevokeToken) command);
      case SET_FEATURE_LEVEL -> FeatureApplier.set(d, (io.orchestrate.core.command.SetFeatureLevel) command);
      case BATCH -> {
        List<CommandResult> results = new ArrayList<>();
        for (Command c : ((CommandBatch) command).commands()) results.add(apply(d, c, index));
        yield new CommandResult.Batch(results);
      }
    };
  }
}
