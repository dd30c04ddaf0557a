package io.orchestrate.cli.commands;

import io.orchestrate.cli.ClientOptions;
import io.orchestrate.cli.ZeroOrDurationConverter;
import io.orchestrate.core.api.GcView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orchestrate gc}: a garbage collection now, instead of waiting for the leader's next one. */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description = {
        "Remove ended jobs (stopped, or every task finished with no new attempt coming), with their tasks and idempotency keys,"
            + " and DOWN nodes that run nothing, now. The leader also does this every minute on its own.",
        "Without options the managers' --job-retention and --node-retention decide what is old enough;"
            + " --jobs-older-than 0 removes every ended job at once.",
        "A retry with the idempotency key of a removed job creates a new job."})
public final class GcCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(names = "--jobs-older-than", paramLabel = "DURATION", converter = ZeroOrDurationConverter.class,
      description = "Remove jobs that ended at least this long ago (e.g. 0, 30m, 2h), instead of the managers' job retention.")
  Duration jobsOlderThan;

  @Option(names = "--nodes-older-than", paramLabel = "DURATION", converter = ZeroOrDurationConverter.class,
      description = "Remove DOWN nodes that went down at least this long ago, instead of the managers' node retention.")
  Duration nodesOlderThan;

  @Override
  public Integer call() {
    return client.print(client.client().collectGarbage(jobsOlderThan, nodesOlderThan), this::summary);
  }

  private void summary(GcView v) {
    PrintWriter out = client.out();
    if (v.jobsEndedBy() == null) {
      out.println("jobs: not collected (job retention is off; --jobs-older-than collects them)");
    } else {
      out.printf("removed %d %s (%d %s, %d idempotency %s) that ended by %s%n", v.jobs(), plural(v.jobs(), "job", "jobs"), v.tasks(),
          plural(v.tasks(), "task", "tasks"), v.idempotencyKeys(), plural(v.idempotencyKeys(), "key", "keys"), time(v.jobsEndedBy()));
      ids(out, v.jobIds(), v.jobs());
    }
    if (v.nodesDownBy() == null) {
      out.println("nodes: not collected (node retention is off; --nodes-older-than collects them)");
    } else {
      out.printf("removed %d DOWN %s that went down by %s%n", v.nodes(), plural(v.nodes(), "node", "nodes"), time(v.nodesDownBy()));
      ids(out, v.nodeIds(), v.nodes());
    }
    if (v.remaining() > 0) out.printf("%d more collectable; run gc again (the leader also continues on its own)%n", v.remaining());
  }

  private static void ids(PrintWriter out, List<String> ids, int count) {
    if (ids.isEmpty()) return;
    out.println("  " + String.join(" ", ids) + (count > ids.size() ? " ... and " + (count - ids.size()) + " more" : ""));
  }

  private static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  private static String plural(int n, String one, String many) {
    return n == 1 ? one : many;
  }
}
