package io.orchestrate.cli;

import io.orchestrate.client.Time;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the slim client's command tree (no server commands) with captured output and its wall time. */
record ClientRun(int exitCode, String out, String err, long millis) {
  static ClientRun run(Time time, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = OrchestrateCommand.commandLineFor(new CliEnvironment(Map.of(), time), args)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true));
    long start = System.nanoTime();
    int code = cl.execute(args);
    return new ClientRun(code, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + " in " + millis + " ms\n--- out\n" + out + "--- err\n" + err;
  }
}
