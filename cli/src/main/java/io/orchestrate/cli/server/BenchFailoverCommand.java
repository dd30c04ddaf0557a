package io.orchestrate.cli.server;

import io.orchestrate.bench.failover.FailoverBench;
import io.orchestrate.bench.failover.FailoverReport;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.cli.OutputFormat;
import io.orchestrate.core.codec.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orchestrate bench failover}: how long a leader's SIGKILL keeps writes out, over N trials. */
@Command(
    name = "failover",
    mixinStandardHelpOptions = true,
    description = {"Times leader failover: SIGKILL of the leader to the first write a survivor accepts, over --trials trials.",
        "Starts manager processes on loopback; probes every 20 ms, each to one survivor, with no client retries; restarts the",
        "killed manager between trials. Prints each trial and the median, min and max. Mutual TLS and API tokens unless --plain."})
public final class BenchFailoverCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--trials", defaultValue = "5", paramLabel = "N", description = "Leaders to kill, one after the other (default: ${DEFAULT-VALUE}).")
  int trials;

  @Option(names = "--processes", defaultValue = "3", paramLabel = "N", description = "Manager processes (default: ${DEFAULT-VALUE}).")
  int processes;

  @Option(names = "--plain", description = "Run the managers in plain text (default: mutual TLS and API tokens, as a deployment runs).")
  boolean plain;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "Summary as ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); with json, progress lines go to stderr.")
  OutputFormat output;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    if (trials < 1 || trials > 100) throw new CommandLine.ParameterException(cl, "--trials must be between 1 and 100 (got " + trials + ")");
    if (processes < 3 || processes > 7) {
      throw new CommandLine.ParameterException(cl, "--processes must be between 3 and 7 (a majority must survive the kill; got " + processes + ")");
    }
    FailoverBench.Settings d = FailoverBench.Settings.defaults(trials);
    FailoverBench.Settings s = new FailoverBench.Settings(processes, trials, !plain, d.probeEvery(), d.probeTimeout(), d.trialTimeout());
    PrintWriter progress = output == OutputFormat.json ? cl.getErr() : cl.getOut();
    FailoverReport r = new FailoverBench(s).run(progress);
    PrintWriter out = cl.getOut();
    if (output == OutputFormat.json) {
      out.println(Json.pretty(r));
      out.flush();
    } else {
      r.printText(out);
    }
    return ExitCodes.OK;
  }
}
