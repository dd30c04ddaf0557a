package io.orchestrate.cli;

import io.orchestrate.client.ManualTime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One in-process run of the real command tree with captured output. */
public record CliRun(int exitCode, String out, String err) {
  public static CliRun run(Map<String, String> env, ManualTime time, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrchestrateCli.commandLine(new CliEnvironment(env, time))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  public static CliRun run(ManualTime time, String... args) {
    return run(Map.of(), time, args);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
