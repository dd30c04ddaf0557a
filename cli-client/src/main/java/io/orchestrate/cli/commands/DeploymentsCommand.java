package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.core.api.DeploymentList;
import io.orchestrate.core.model.Deployment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate deployments [JOB]}. */
@Command(
    name = "deployments",
    mixinStandardHelpOptions = true,
    description = {
        "Show deployments, newest first: a job's kept ones, or the latest of every job.",
        "Each line gives the versions rolled between, the status (running, successful, failed, reverted) and per group the"
            + " tasks placed, counted healthy and unhealthy; a failed one names its first failing task and why."})
public final class DeploymentsCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "The job's name (or id); every job when left out.")
  String job;

  @Override
  public Integer call() {
    return client.print(client.client().deployments(job), this::describe);
  }

  private void describe(DeploymentList list) {
    if (list.deployments().isEmpty()) client.out().println("no deployments");
    for (Deployment d : list.deployments()) client.out().println(DeploymentFormat.line(d));
  }
}
