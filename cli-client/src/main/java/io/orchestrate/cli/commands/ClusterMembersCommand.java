package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.client.Table;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.api.MemberView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code orchestrate cluster members}. */
@Command(
    name = "members",
    mixinStandardHelpOptions = true,
    description = {
        "List the managers: role (LEADER, FOLLOWER, ...), addresses and how far each has applied the log,"
            + " as the answering manager sees them.",
        "A follower far behind the leader's applied index is lagging or cut off."})
public final class ClusterMembersCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    return client.print(client.client().cluster(), this::printMembers);
  }

  private void printMembers(ClusterView c) {
    client.out().println("leader " + (c.leader() == null ? "none" : c.leader()) + ", term " + c.term()
        + (c.answeredBy() == null ? "" : " (answered by " + c.answeredBy() + ")"));
    Table table = new Table("ID", "ROLE", "API", "RAFT", "GATEWAY", "APPLIED");
    for (MemberView m : c.members()) {
      table.row(m.id(), m.role(), m.apiAddress(), m.raftAddress(), m.gatewayAddress(), m.appliedIndex() < 0 ? null : m.appliedIndex());
    }
    table.print(client.out());
  }
}
