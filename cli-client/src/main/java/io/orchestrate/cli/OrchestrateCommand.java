package io.orchestrate.cli;

import io.orchestrate.cli.commands.AclCommand;
import io.orchestrate.cli.commands.ClusterCommand;
import io.orchestrate.cli.commands.CompletionCommand;
import io.orchestrate.cli.commands.EventsCommand;
import io.orchestrate.cli.commands.GcCommand;
import io.orchestrate.cli.commands.HealthCommand;
import io.orchestrate.cli.commands.JobCommand;
import io.orchestrate.cli.commands.LogsCommand;
import io.orchestrate.cli.commands.NodesCommand;
import io.orchestrate.cli.commands.PlanCommand;
import io.orchestrate.cli.commands.RunCommand;
import io.orchestrate.cli.commands.ScaleCommand;
import io.orchestrate.cli.commands.RestartCommand;
import io.orchestrate.cli.commands.StatusCommand;
import io.orchestrate.cli.commands.StopCommand;
import io.orchestrate.cli.commands.TasksCommand;
import io.orchestrate.cli.commands.TokenCommand;
import io.orchestrate.cli.commands.VersionCommand;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
        "3:cluster unavailable (no manager reachable, or no leader before --timeout)"})
public final class OrchestrateCommand implements Callable<Integer> {
  /**
   * The client commands by the name their {@code @Command} gives, in the order help lists them.
   * Listing them here (rather than in the annotation) lets {@link #commandLineFor} pick one without
   * reflecting over the others.
   */
  public static final Map<String, Class<?>> CLIENT_COMMANDS = commands(
      RunCommand.class, StatusCommand.class, StopCommand.class, PlanCommand.class, ScaleCommand.class, RestartCommand.class,
      io.orchestrate.cli.commands.DeploymentsCommand.class,
      JobCommand.class, EventsCommand.class, TasksCommand.class, LogsCommand.class, NodesCommand.class, ClusterCommand.class,
      GcCommand.class, AclCommand.class, TokenCommand.class, VersionCommand.class, HealthCommand.class, CompletionCommand.class,
      CommandLine.HelpCommand.class);

  /** Commands that describe the whole tree, so run in it. */
  private static final Set<String> WHOLE_TREE = Set.of("help", "completion");

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
    return commandLine(environment, CLIENT_COMMANDS.values());
  }

  /**
   * The client command line for running {@code args}: when the first argument names a client
   * command, the root holds that command alone, so picocli builds (by reflection) one command's
   * model rather than every command's; measured, that was most of a client run's time before the
   * first request. Anything else (no argument, an option, a misspelt or server command) gets the
   * whole tree, so root help, suggestions and errors list every command; so do {@code help} and
   * {@code completion}, which describe the tree.
   */
  public static CommandLine commandLineFor(CliEnvironment environment, String[] args) {
    Class<?> only = args.length == 0 || WHOLE_TREE.contains(args[0]) ? null : CLIENT_COMMANDS.get(args[0]);
    return only == null ? commandLine(environment) : commandLine(environment, List.of(only));
  }

  /** The root with {@code commands} under it, and this project's handlers set on all of them. */
  public static CommandLine commandLine(CliEnvironment environment, Collection<Class<?>> commands) {
    CommandLine cl = new CommandLine(new OrchestrateCommand(environment));
    // Added before the handlers are set: picocli hands the root's settings down to subcommands that exist then.
    for (Class<?> c : commands) cl.addSubcommand(c);
    return cl.setExecutionExceptionHandler(new ErrorHandler())
        .setParameterExceptionHandler(new UsageErrorHandler())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** The environment of the command tree {@code spec} belongs to; the real one if it was built without this root. */
  public static CliEnvironment environment(CommandSpec spec) {
    return spec.root().userObject() instanceof OrchestrateCommand root ? root.environment : CliEnvironment.system();
  }

  private static Map<String, Class<?>> commands(Class<?>... classes) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> c : classes) byName.put(c.getAnnotation(Command.class).name(), c);
    return Collections.unmodifiableMap(byName);
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
