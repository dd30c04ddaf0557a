package io.orchestrate.cli.ops;

import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.CliRun;
import io.orchestrate.cli.OrchestrateCli;
import io.orchestrate.client.Time;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** Runs the real {@code orchestrate} command tree in-process against the given managers' API addresses, or with a whole environment. */
final class Cli {
  private Cli() {}

  static CliRun run(List<String> managers, String... args) {
    return run(Map.of("ORCHESTRATE_MANAGERS", String.join(",", managers)), args);
  }

  /** As the operator's shell runs it, with these {@code ORCHESTRATE_*} variables (managers, TLS files, token). */
  static CliRun run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(new CliEnvironment(env, Time.SYSTEM))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
