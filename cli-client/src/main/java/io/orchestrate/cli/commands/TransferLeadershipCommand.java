package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate cluster transfer-leadership ID}. */
@Command(
    name = "transfer-leadership",
    mixinStandardHelpOptions = true,
    description = {
        "Ask the leader to hand leadership to another manager, e.g. before taking the leader down for maintenance.",
        "Running tasks are not disturbed; workers follow the new leader by themselves."})
public final class TransferLeadershipCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "ID", description = "The manager id that should lead (see cluster members).")
  String target;

  @Override
  public Integer call() {
    return client.print(client.client().transferLeadership(target),
        c -> client.out().println("leader is now " + c.leader() + " (term " + c.term() + ")"));
  }
}
