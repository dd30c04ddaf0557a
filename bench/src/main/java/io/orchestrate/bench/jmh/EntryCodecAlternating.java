package io.orchestrate.bench.jmh;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.codec.EntryFormat;
import io.orchestrate.core.command.Command;

/**
 * {@link EntryCodecBenchmark}'s work, JSON and Smile alternated in 100 ms slices in one JVM, so
 * that a shared machine's load, which changes over the minutes a JMH run takes from one
 * configuration to the next, falls on both formats alike: on a busy machine the ratio printed is
 * the figure to trust. Each (command, operation) pair runs 30 s, the first 15 s of it warm-up.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.orchestrate.bench.jmh.EntryCodecAlternating</pre>
 */
public final class EntryCodecAlternating {
  private static final long SLICE_NANOS = 100_000_000L;
  private static final long WARMUP_NANOS = 15_000_000_000L;
  private static final long RUN_NANOS = 30_000_000_000L;
  /** Where results go, so that the JIT cannot drop the work. */
  static volatile Object sink;

  private EntryCodecAlternating() {}

  public static void main(String[] args) {
    for (String kind : new String[] {"batch64", "submit"}) {
      Command c = EntryCodecBenchmark.command(kind);
      EntryFormat[] formats = {EntryFormat.JSON, EntryFormat.SMILE};
      byte[][] entries = {CommandCodec.encode(c, formats[0]), CommandCodec.encode(c, formats[1])};
      for (boolean decode : new boolean[] {true, false}) {
        long[] ops = new long[2];
        long[] nanos = new long[2];
        long start = System.nanoTime();
        for (int slice = 0; System.nanoTime() - start < RUN_NANOS; slice++) {
          int i = slice & 1;
          long t0 = System.nanoTime();
          long n = 0;
          while (System.nanoTime() - t0 < SLICE_NANOS) {
            sink = decode ? CommandCodec.decode(entries[i]) : CommandCodec.encode(c, formats[i]);
            n++;
          }
          if (t0 - start > WARMUP_NANOS) {
            ops[i] += n;
            nanos[i] += System.nanoTime() - t0;
          }
        }
        double json = nanos[0] / 1e3 / ops[0];
        double smile = nanos[1] / 1e3 / ops[1];
        System.out.printf("%s %s: JSON %.2f us, Smile %.2f us per entry (%d and %d bytes); Smile/JSON %.2f%n",
            kind, decode ? "decode" : "encode", json, smile, entries[0].length, entries[1].length, smile / json);
      }
    }
  }
}
