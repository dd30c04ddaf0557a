package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.client.Table;
import io.orchestrate.core.api.TokenList;
import io.orchestrate.core.api.TokenView;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code orchestrate token list}: accessors, names and roles; never a secret. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the API tokens: accessor, name, role and creation time (never a secret).")
public final class TokenListCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    return client.print(client.client().tokens(), this::table);
  }

  private void table(TokenList list) {
    Table t = new Table("ACCESSOR", "ROLE", "NAME", "CREATED");
    for (TokenView v : list.tokens()) t.row(v.accessor(), v.role(), v.name(), Instant.ofEpochMilli(v.createdAtMillis()));
    t.print(client.out());
  }
}
