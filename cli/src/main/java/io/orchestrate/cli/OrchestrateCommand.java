package io.orchestrate.cli;

import io.orchestrate.cli.commands.ClusterCommand;
import io.orchestrate.cli.commands.NodesCommand;
import io.orchestrate.cli.commands.RunCommand;
import io.orchestrate.cli.commands.StatusCommand;
import io.orchestrate.cli.commands.StopCommand;
import io.orchestrate.cli.commands.TasksCommand;
import io.orchestrate.cli.logging.LogFormat;
import io.orchestrate.cli.logging.LogSetup;
import io.orchestrate.cli.server.BenchCommand;
import io.orchestrate.cli.server.DemoCommand;
import io.orchestrate.cli.server.DevCommand;
import io.orchestrate.cli.server.ManagerCommand;
import io.orchestrate.cli.server.WorkerCommand;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code orchestrate} command. It holds the {@link CliEnvironment} that every
 * subcommand reads through {@link #environment(CommandSpec)}, so tests can run the real command tree
 * with their own environment variables and clock.
 */
@Command(
    name = "orchestrate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Runs and drives an orchestrate cluster: managers replicated with Raft, workers running tasks as containers.",
        "",
        "Client commands take --managers with any managers' API addresses; they find the leader by themselves"
            + " and succeed while one listed manager is reachable and a quorum exists."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:ok",
        "1:the cluster rejected the request (or the job file is invalid)",
        "2:usage error",
        "3:cluster unavailable (no manager reachable, or no leader before --timeout)"},
    // Server-side commands go first in this list: the lead adds ManagerCommand here, later
    // WorkerCommand, DevCommand, DemoCommand, BenchCommand. Client commands follow.
    subcommands = {
        ManagerCommand.class,
        WorkerCommand.class,
        DevCommand.class,
        DemoCommand.class,
        BenchCommand.class,
        RunCommand.class,
        StatusCommand.class,
        StopCommand.class,
        io.orchestrate.cli.commands.PlanCommand.class,
        io.orchestrate.cli.commands.ScaleCommand.class,
        io.orchestrate.cli.commands.JobCommand.class,
        io.orchestrate.cli.commands.EventsCommand.class,
        TasksCommand.class,
        NodesCommand.class,
        ClusterCommand.class,
        io.orchestrate.cli.commands.GcCommand.class,
        io.orchestrate.cli.commands.SnapshotCommand.class,
        io.orchestrate.cli.commands.AclCommand.class,
        io.orchestrate.cli.commands.TokenCommand.class,
        io.orchestrate.cli.commands.TlsCommand.class,
        CommandLine.HelpCommand.class})
public final class OrchestrateCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @Spec CommandSpec spec;

  /** Given before the command ({@code orchestrate --log-format json manager ...}): it applies to this whole process. */
  @Option(names = "--log-format", paramLabel = "text|json",
      description = "Log lines as text or as JSON, one object per line, on standard error (default: $ORCHESTRATE_LOG_FORMAT, else text;"
          + " the level is $ORCHESTRATE_LOG_LEVEL, else info).")
  void logFormat(LogFormat format) {
    LogSetup.switchFormat(format);
  }

  public OrchestrateCommand(CliEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** The command line with this project's exit codes and error output; used by {@link Main} and by tests. */
  public static CommandLine commandLine(CliEnvironment environment) {
    return new CommandLine(new OrchestrateCommand(environment))
        .setExecutionExceptionHandler(new ErrorHandler())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** The environment of the command tree {@code spec} belongs to; the real one if it was built without this root. */
  public static CliEnvironment environment(CommandSpec spec) {
    return spec.root().userObject() instanceof OrchestrateCommand root ? root.environment : CliEnvironment.system();
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
