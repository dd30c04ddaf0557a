package io.orchestrate.cli.commands;

import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.core.api.NewTokenView;
import java.io.PrintWriter;

/** How a new token is shown, the one time its secret can be. */
final class NewTokenPrinter {
  private NewTokenPrinter() {}

  static void print(PrintWriter out, NewTokenView t) {
    out.println("accessor  " + t.accessor());
    out.println("role      " + t.role());
    out.println("name      " + t.name());
    out.println("secret    " + t.secret());
    out.println("The secret is shown this once and cannot be shown again: the managers keep only its hash.");
    out.println("export " + CliEnvironment.TOKEN_VARIABLE + "=" + t.secret());
  }
}
