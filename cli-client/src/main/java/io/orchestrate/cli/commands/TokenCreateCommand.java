package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orchestrate token create --role ROLE [--name N]}. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
        "Create an API token and print its secret: the only time it is shown.",
        "read lists and views; submit adds run and stop; operator adds node drain, cluster membership, leadership"
            + " transfer, snapshots, gc and tokens."})
public final class TokenCreateCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--role", required = true, paramLabel = "ROLE", description = "read, submit or operator.")
  String role;

  @Option(names = "--name", paramLabel = "NAME", description = "What the token is for, shown by `token list` (at most 128 characters).")
  String name;

  @Override
  public Integer call() {
    return client.print(client.client().createToken(role, name), t -> NewTokenPrinter.print(client.out(), t));
  }
}
