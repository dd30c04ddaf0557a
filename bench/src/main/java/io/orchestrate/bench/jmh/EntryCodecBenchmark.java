package io.orchestrate.bench.jmh;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.codec.EntryFormat;
import io.orchestrate.core.codec.JobFiles;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.ReportTasks;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.model.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A log entry's encoding alone, JSON against Smile ({@link EntryFormat}): encoding one command as
 * the proposer does on the caller's thread, and decoding the entry as every replica's apply thread
 * does. {@code command} is {@code submit} (the one-task job {@code bench submit} sends),
 * {@code batch64} (64 of them in one entry, as the proposer coalesces them under load; the score is
 * per entry), {@code place} (the scheduler's placement of 16 tasks) or {@code report} (a worker's
 * report of 16 tasks). Each trial prints the entry's size in both formats.
 *
 * <pre>java -jar bench/target/benchmarks.jar EntryCodecBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EntryCodecBenchmark {
  @Param({"submit", "batch64", "place", "report"})
  public String command;

  @Param({"json", "smile"})
  public String format;

  private Command value;
  private EntryFormat f;
  private byte[] entry;

  @Setup
  public void setUp() {
    value = command(command);
    f = EntryFormat.valueOf(format.toUpperCase(Locale.ROOT));
    entry = CommandCodec.encode(value, f);
    if (!CommandCodec.decode(entry).equals(value)) throw new IllegalStateException("the " + command + " entry does not round-trip");
    System.out.printf("%n%s: %d bytes as JSON, %d bytes as Smile%n", command,
        CommandCodec.encode(value, EntryFormat.JSON).length, CommandCodec.encode(value, EntryFormat.SMILE).length);
  }

  static Command command(String kind) {
    switch (kind) {
      case "submit" -> {
        return new SubmitJob("j-run-1", "key-run-1", JobFiles.parse(ApplyBenchmark.body("run-1")), List.of("t-run-1"), 1_700_000_000_001L);
      }
      case "batch64" -> {
        return ApplyBenchmark.batch("run", 0);
      }
      case "place" -> {
        List<PlaceTasks.Placement> p = new ArrayList<>();
        for (int i = 0; i < 16; i++) p.add(new PlaceTasks.Placement("t-run-" + i, "node-" + (i % 4), 7 + i));
        return new PlaceTasks(p, 1_700_000_000_002L);
      }
      case "report" -> {
        List<ReportTasks.Report> r = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          r.add(new ReportTasks.Report("node-1", "t-run-" + i, 3, TaskState.RUNNING, 0, "c0ffee" + i, null, null, 9 + i));
        }
        return new ReportTasks(r);
      }
      default -> throw new IllegalArgumentException("command must be submit, batch64, place or report, got " + kind);
    }
  }

  @Benchmark
  public byte[] encode() {
    return CommandCodec.encode(value, f);
  }

  @Benchmark
  public Command decode() {
    return CommandCodec.decode(entry);
  }
}
