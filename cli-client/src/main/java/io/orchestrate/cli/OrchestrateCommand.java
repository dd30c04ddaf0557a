package io.orchestrate.cli;

import io.orchestrate.cli.commands.AclCommand;
import io.orchestrate.cli.commands.ClusterCommand;
import io.orchestrate.cli.commands.CompletionCommand;
import io.orchestrate.cli.commands.GcCommand;
import io.orchestrate.cli.commands.NodesCommand;
import io.orchestrate.cli.commands.RunCommand;
import io.orchestrate.cli.commands.StatusCommand;
import io.orchestrate.cli.commands.StopCommand;
import io.orchestrate.cli.commands.TasksCommand;
import io.orchestrate.cli.commands.TokenCommand;
import io.orchestrate.cli.commands.VersionCommand;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code orchestrate} command with the client commands, the ones that only talk to the
 * managers' API. It holds the {@link CliEnvironment} that every subcommand reads through
 * {@link #environment(CommandSpec)}, so tests can run the real command tree with their own
 * environment variables and clock.
 *
 * <p>The slim client jar runs this tree as it is ({@link ClientMain}); the full jar adds the server
 * commands (manager, worker, dev, demo, bench, snapshot, tls) to the same root, so both print the
 * same root help for the commands they share.
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
    subcommands = {
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
        GcCommand.class,
        AclCommand.class,
        TokenCommand.class,
        VersionCommand.class,
        CompletionCommand.class,
        CommandLine.HelpCommand.class})
public final class OrchestrateCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @Spec CommandSpec spec;

  public OrchestrateCommand(CliEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * The client command line with this project's exit codes and error output: an execution error
   * becomes one line and an exit code ({@link ErrorHandler}), a usage error one line and a pointer to
   * {@code --help} ({@link UsageErrorHandler}).
   */
  public static CommandLine commandLine(CliEnvironment environment) {
    return new CommandLine(new OrchestrateCommand(environment))
        .setExecutionExceptionHandler(new ErrorHandler())
        .setParameterExceptionHandler(new UsageErrorHandler())
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
