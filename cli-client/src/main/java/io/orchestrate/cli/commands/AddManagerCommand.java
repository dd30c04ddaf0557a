package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code orchestrate cluster add-manager ID --raft HOST:PORT}. */
@Command(
    name = "add-manager",
    mixinStandardHelpOptions = true,
    description = {
        "Add a manager to the Raft group.",
        "Start it first with `orchestrate manager --join` (its --peers naming only itself); the leader brings it up to date,"
            + " then commits the new membership. Add one manager at a time."})
public final class AddManagerCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "ID", description = "The new manager's id (its --id).")
  String id;

  @Option(names = "--raft", required = true, paramLabel = "HOST:PORT", description = "The new manager's Raft address (its entry in its own --peers).")
  String raft;

  @Override
  public Integer call() {
    return client.print(client.client().addManager(id, raft),
        c -> {
          client.out().println("manager " + id + " is a member; the cluster has " + c.members().size() + " managers (leader " + c.leader() + ")");
        });
  }
}
