package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate cluster remove-manager ID}. */
@Command(
    name = "remove-manager",
    mixinStandardHelpOptions = true,
    description = {
        "Remove a manager from the Raft group; it stops serving.",
        "Refused when the remaining members would have fewer than a quorum reachable, and for the leader itself"
            + " (transfer leadership first)."})
public final class RemoveManagerCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "ID", description = "The manager to remove (see cluster members).")
  String id;

  @Override
  public Integer call() {
    return client.print(client.client().removeManager(id),
        c -> client.out().println("manager " + id + " removed; the cluster has " + c.members().size() + " managers (leader " + c.leader() + ")"));
  }
}
