package io.orchestrate.cli;

import io.orchestrate.cli.commands.SnapshotCommand;
import io.orchestrate.cli.commands.TlsCommand;
import io.orchestrate.cli.logging.LogFormatOption;
import io.orchestrate.cli.server.BenchCommand;
import io.orchestrate.cli.server.DemoCommand;
import io.orchestrate.cli.server.DevCommand;
import io.orchestrate.cli.server.ManagerCommand;
import io.orchestrate.cli.server.WorkerCommand;
import java.util.List;
import picocli.CommandLine;

/**
 * The full {@code orchestrate} command tree: the client root of {@link OrchestrateCommand} with the
 * commands that run servers or need their libraries (RocksDB, Ratis, Netty, docker-java) added, and
 * the process-wide {@code --log-format} option those servers log with.
 */
public final class OrchestrateCli {
  /** The commands only the full jar has; bin/orchestrate sends these (and root help) to it. */
  public static final List<Class<?>> SERVER_COMMANDS = List.of(
      ManagerCommand.class, WorkerCommand.class, DevCommand.class, DemoCommand.class, BenchCommand.class,
      SnapshotCommand.class, TlsCommand.class);

  private OrchestrateCli() {}

  /** The full command line with this project's exit codes and error output; used by {@link Main} and by tests. */
  public static CommandLine commandLine(CliEnvironment environment) {
    CommandLine cl = OrchestrateCommand.commandLine(environment);
    cl.addMixin("logFormat", new LogFormatOption());
    for (Class<?> c : SERVER_COMMANDS) cl.addSubcommand(c);
    return cl;
  }
}
