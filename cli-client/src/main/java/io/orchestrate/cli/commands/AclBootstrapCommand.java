package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code orchestrate acl bootstrap}: the cluster's first operator token, printed once. */
@Command(
    name = "bootstrap",
    mixinStandardHelpOptions = true,
    description = {
        "Create the cluster's first token, with role operator, and print its secret: the only time it is shown.",
        "Works once per cluster; later tokens come from `orchestrate token create` with an operator token.",
        "Upgrade every manager to this release first: a manager of an earlier release cannot apply it."})
public final class AclBootstrapCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    return client.print(client.client().bootstrapAcl(), t -> NewTokenPrinter.print(client.out(), t));
  }
}
