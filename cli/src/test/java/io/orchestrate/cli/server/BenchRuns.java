package io.orchestrate.cli.server;

import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.CliRun;
import io.orchestrate.cli.OrchestrateCli;
import io.orchestrate.client.Time;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs a {@code bench} command in this JVM on the system clock (the benches wait for real managers), with captured output. */
final class BenchRuns {
  private BenchRuns() {}

  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(new CliEnvironment(Map.of(), Time.SYSTEM))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
