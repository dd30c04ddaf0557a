package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orchestrate tasks [--job J]}. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = "List tasks of every job, or of one job: state, node, restarts, container and the reason for the last change.")
public final class TasksCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--job", paramLabel = "JOB", description = "Only this job's tasks.")
  String jobId;

  @Override
  public Integer call() {
    return client.print(client.client().tasks(jobId), list -> TaskFormat.print(client.out(), list.tasks(), true));
  }
}
