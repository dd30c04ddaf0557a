package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.client.EventStreamClient;
import io.orchestrate.core.api.EventView;
import io.orchestrate.core.codec.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orchestrate events [--follow] [--from I] [--topic T,...]}: the cluster's changes as they apply. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = {
        "Print the cluster's changes, each with the Raft log index it came from and its place in that entry"
            + " (INDEX.POS): jobs submitted, stopped and collected; task transitions with their reasons; nodes up,"
            + " down and draining; manager membership and leader terms.",
        "Without --follow: what the serving manager holds, then exit. With --follow: keep printing; when a manager"
            + " stops or cannot be reached, continue at another one just after the last event printed, so nothing"
            + " is missed or printed twice.",
        "-o json prints one JSON object a line."})
public final class EventsCommand implements Callable<Integer> {
  private static final Pattern POSITION = Pattern.compile("\\d{1,18}(\\.\\d{1,9})?");

  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--follow"}, description = "Keep printing events as they apply, across manager failures.")
  boolean follow;

  @Option(names = "--from", paramLabel = "INDEX[.POS]",
      description = "Start at this log index (or event id). Default: with --follow, the next change; without, the oldest event held.")
  String from;

  @Option(names = "--topic", split = ",", paramLabel = "TOPIC", description = "Only these topics: jobs, tasks, nodes, cluster (comma-separated).")
  java.util.List<String> topics;

  /** Stop after this many events (for scripts and tests); 0 for no limit. */
  @Option(names = "--max-events", hidden = true, defaultValue = "0")
  long maxEvents;

  @Override
  public Integer call() {
    if (from != null && !POSITION.matcher(from).matches()) {
      throw new ParameterException(spec.commandLine(), "--from must be a log index (e.g. 1200) or an event id INDEX.POS (e.g. 1200.3); got '" + from + "'");
    }
    if (topics != null) {
      for (String t : topics) {
        if (!EventView.TOPICS.contains(t)) {
          throw new ParameterException(spec.commandLine(), "--topic '" + t + "' is not one of " + String.join(", ", EventView.TOPICS));
        }
      }
    }
    PrintWriter out = client.out();
    long[] printed = {0};
    EventStreamClient stream = new EventStreamClient(client.client());
    String start = from != null ? from : follow ? null : "oldest";
    stream.read(start, topics == null ? null : String.join(",", topics), follow, e -> {
      out.println(client.structured() ? Json.string(e) : line(e));
      out.flush();
      printed[0]++;
      return maxEvents == 0 || printed[0] < maxEvents;
    });
    return ExitCodes.OK;
  }

  /** One event as a line: id, type, what it is about, the change and why. */
  static String line(EventView e) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-10s %-18s", e.id(), e.type()));
    String subject = e.task() != null ? "task " + e.task() + (e.job() != null ? " (job " + e.job() + ")" : "")
        : e.job() != null ? "job " + e.job()
        : e.node() != null ? "node " + e.node()
        : e.manager() != null ? "manager " + e.manager()
        : e.members() != null ? "members " + String.join(",", e.members())
        : e.term() != null ? "term " + e.term() : "";
    sb.append(' ').append(subject);
    if (e.task() != null && e.node() != null) sb.append(" on ").append(e.node());
    if (e.from() != null || e.to() != null) sb.append(' ').append(e.from() == null ? "-" : e.from()).append(" -> ").append(e.to() == null ? "-" : e.to());
    if (e.reason() != null && !e.reason().isBlank()) sb.append(": ").append(e.reason());
    return sb.toString();
  }
}
