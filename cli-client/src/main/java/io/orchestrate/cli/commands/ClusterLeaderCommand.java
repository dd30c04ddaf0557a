package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.client.Reply;
import io.orchestrate.core.api.ClusterView;
import io.orchestrate.core.api.MemberView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code orchestrate cluster leader}: the leader's id on the first line, so scripts can take it with head -1. */
@Command(
    name = "leader",
    mixinStandardHelpOptions = true,
    description = "Print the current leader's id, term and API address. Exits 3 if the group has no leader.")
public final class ClusterLeaderCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    Reply<ClusterView> reply = client.client().cluster();
    ClusterView c = reply.value();
    if (client.structured()) return client.print(reply, v -> {});
    if (c.leader() == null || c.leader().isBlank()) {
      client.err().println("error: no leader (term " + c.term() + ", answered by " + c.answeredBy() + ")");
      return ExitCodes.UNAVAILABLE;
    }
    String api = c.members() == null ? null : c.members().stream()
        .filter(m -> c.leader().equals(m.id())).map(MemberView::apiAddress).findFirst().orElse(null);
    client.out().println(c.leader());
    client.out().println("term " + c.term() + (api == null ? "" : ", api " + api));
    client.out().flush();
    return ExitCodes.OK;
  }
}
