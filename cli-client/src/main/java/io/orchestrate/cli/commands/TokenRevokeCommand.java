package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orchestrate token revoke ACCESSOR}. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = {
        "Revoke an API token: every manager refuses it (401) once it has applied the revocation, normally within milliseconds.",
        "The last operator token cannot be revoked; create another first."})
public final class TokenRevokeCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Parameters(paramLabel = "ACCESSOR", description = "The token's accessor, as `token list` shows it (not its secret).")
  String accessor;

  @Override
  public Integer call() {
    io.orchestrate.client.ApiResponse r = client.client().revokeToken(accessor);
    if (client.structured()) client.printDocument(r.prettyJson());
    else client.out().println("revoked token " + accessor);
    client.out().flush();
    return ExitCodes.OK;
  }
}
