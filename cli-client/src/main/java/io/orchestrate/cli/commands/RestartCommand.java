package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate restart JOB [GROUP]}. */
@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    description = {
        "Restart a job's tasks one slot at a time: a rolling restart with the group's update settings.",
        "Each task is replaced by a new one of the same version, maxParallel at a time, the next only once the new one has"
            + " been healthy for minHealthySeconds. Refused while another deployment of the job runs."})
public final class RestartCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (or id).")
  String job;

  @Parameters(index = "1", arity = "0..1", paramLabel = "GROUP", description = "One task group; every group when left out.")
  String group;

  @Override
  public Integer call() {
    return client.print(client.client().restartJob(job, group), d -> client.out().println("restarting: " + DeploymentFormat.line(d)));
  }
}
