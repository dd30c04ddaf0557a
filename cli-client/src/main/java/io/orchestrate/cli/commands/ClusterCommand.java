package io.orchestrate.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code orchestrate cluster ...}: the managers themselves. Membership changes (add-manager, remove-manager) belong here too. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Inspect and steer the managers' Raft group.",
    subcommands = {ClusterMembersCommand.class, ClusterLeaderCommand.class, TransferLeadershipCommand.class,
        AddManagerCommand.class, RemoveManagerCommand.class, ClusterFeaturesCommand.class})
public final class ClusterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }
}
