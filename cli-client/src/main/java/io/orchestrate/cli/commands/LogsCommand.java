package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.client.TaskLogClient;
import io.orchestrate.core.codec.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrate logs TASK [-f] [--tail N] [--stdout|--stderr] [-t]}: what a task prints. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
        "Print a task's output (its stdout and stderr), read from the worker that runs it through the leader.",
        "TASK is a task id (as `tasks` lists it) or JOB/GROUP/INDEX, e.g. web/api/0, for the current copy at that place.",
        "With --follow: keep printing as the task prints, across its in-place restarts and a leader failover"
            + " (the stream is asked again of the new leader from the last line printed, so no line is missed or printed twice);"
            + " stop with Ctrl-C, or when the task has ended for good.",
        "A task on a node that is down cannot be read until the node is back; that is an error (exit 1).",
        "-o json prints one JSON object a line: ts, stream, line."})
public final class LogsCommand implements Callable<Integer> {
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TASK", description = "A task id or JOB/GROUP/INDEX.")
  String task;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the task ends, across restarts and failovers.")
  boolean follow;

  @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines (of the selected stream), then new ones with --follow.")
  Integer tail;

  @Option(names = "--stdout", description = "Only what the task writes to stdout.")
  boolean stdout;

  @Option(names = "--stderr", description = "Only what the task writes to stderr.")
  boolean stderr;

  @Option(names = {"-t", "--timestamps"}, description = "Begin each line with the instant the worker read it (UTC, ISO-8601).")
  boolean timestamps;

  /** Stop after this many lines (for scripts and tests); 0 for no limit. */
  @Option(names = "--max-lines", hidden = true, defaultValue = "0")
  long maxLines;

  @Override
  public Integer call() {
    if (stdout && stderr) throw new ParameterException(spec.commandLine(), "--stdout and --stderr select one stream each; give neither for both");
    if (tail != null && (tail < 0 || tail > 100_000)) throw new ParameterException(spec.commandLine(), "--tail must be from 0 to 100000; got " + tail);
    String stream = stdout ? "stdout" : stderr ? "stderr" : "both";
    PrintWriter out = client.out();
    long[] printed = {0};
    PrintWriter err = client.err();
    new TaskLogClient(client.client(), notice -> {
      err.println(notice);
      err.flush();
    }).read(task, follow, tail == null ? -1 : tail, stream, l -> {
      if (client.structured()) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("ts", l.ts());
        o.put("stream", l.stream());
        o.put("line", l.text());
        out.println(Json.string(o));
      } else {
        out.println(timestamps ? l.ts() + " " + l.text() : l.text());
      }
      out.flush();
      printed[0]++;
      return maxLines == 0 || printed[0] < maxLines;
    });
    return ExitCodes.OK;
  }
}
