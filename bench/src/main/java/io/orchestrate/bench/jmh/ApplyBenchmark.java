package io.orchestrate.bench.jmh;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.codec.EntryFormat;
import io.orchestrate.core.codec.JobFiles;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.SetFeatureLevel;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every replica's apply thread does per submission, without Raft and RocksDB: decode a
 * logged batch of {@code batch} one-task submissions (the {@code bench submit} job) and apply it,
 * which builds the next image and the RocksDB mutations (JSON-encoded job, task and idempotency
 * key). The image already holds {@code preload} jobs, so the tries are as deep as after a long run.
 * The score is time per submission; one core's submissions per second are its inverse. {@code format}
 * is the encoding of the entries and of the records apply writes: {@code json} is a cluster at
 * feature level 4, {@code smile} one at level 5, where both are Smile ({@link EntryFormat}).
 *
 * <pre>java -jar bench/target/benchmarks.jar ApplyBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:MaxTenuringThreshold=0"})
@OperationsPerInvocation(ApplyBenchmark.BATCH)
public class ApplyBenchmark {
  static final int BATCH = 64;
  /** Encoded batches made up front: more than an iteration applies, so no id repeats within one. */
  private static final int POOL = 6_000;

  @Param({"100000"})
  public int preload;

  @Param({"json", "smile"})
  public String format;

  private final List<byte[]> pool = new ArrayList<>(POOL);
  private StateImage base;
  private StateImage image;
  private long index;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    EntryFormat f = EntryFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
    long i = 0;
    int level = f == EntryFormat.SMILE ? 5 : 4;
    StateImage s = Applier.apply(StateImage.EMPTY, new SetFeatureLevel(level, java.util.Map.of(), true, 1_700_000_000_000L), ++i).image();
    if (s.featureLevel() != level) throw new IllegalStateException("the image is at level " + s.featureLevel() + ", not " + level);
    for (int n = 0; n < preload; n += BATCH) {
      s = Applier.apply(s, batch("pre", n), ++i).image();
    }
    base = s;
    index = i;
    for (int b = 0; b < POOL; b++) pool.add(CommandCodec.encode(batch("run", b * BATCH), f));
  }

  @Setup(Level.Iteration)
  public void reset() {
    image = base;
    next = 0;
  }

  @Benchmark
  public CommandResult decodeAndApply() {
    if (next == POOL) throw new IllegalStateException("the pool of " + POOL + " batches ran out; raise POOL");
    Command c = CommandCodec.decode(pool.get(next++));
    Applier.Applied a = Applier.apply(image, c, ++index);
    image = a.image();
    return a.result();
  }

  static CommandBatch batch(String prefix, int first) {
    List<Command> out = new ArrayList<>(BATCH);
    for (int k = first; k < first + BATCH; k++) {
      String n = prefix + "-" + k;
      JobSpec spec = JobFiles.parse(body(n));
      out.add(new SubmitJob("j-" + n, "key-" + n, spec, List.of("t-" + n), 1_700_000_000_000L + k));
    }
    return new CommandBatch(out);
  }

  /** The job {@code bench submit} sends. */
  static byte[] body(String name) {
    return ("{\"name\":\"b-" + name + "\",\"tasks\":[{\"name\":\"t\",\"image\":\"local/busybox:1\","
        + "\"command\":[\"true\"],\"count\":1,\"resources\":{\"cpu\":0.1,\"memoryMb\":16}}]}").getBytes(StandardCharsets.UTF_8);
  }
}
