package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate stop JOB}. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = {
        "Stop a job: its tasks are stopped on their workers and it is not rescheduled.",
        "Stopping a job that is already stopped succeeds and changes nothing, so this is safe to repeat."})
public final class StopCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "JOB", description = "A job id, as printed by run.")
  String jobId;

  @Override
  public Integer call() {
    return client.print(client.client().stopJob(jobId), j -> client.out().println("stopped job " + j.id() + " (" + j.name() + ")"));
  }
}
