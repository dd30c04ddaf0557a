package io.orchestrate.bench.jmh;

import io.orchestrate.scheduler.ClusterSnapshot;
import io.orchestrate.scheduler.PlacementAlgorithm;
import io.orchestrate.scheduler.Plan;
import io.orchestrate.scheduler.Schedulers;
import io.orchestrate.scheduler.TaskRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scheduling round: plan 10,000 pending tasks over 1,000 nodes, per algorithm. The time covers
 * the whole {@code plan} call, including building the working copy of the cluster and writing the
 * reasons for tasks that fit nowhere.
 *
 * <pre>java -jar bench/target/benchmarks.jar PlanBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlanBenchmark {

  @Param({"round-robin", "epvm", "binpack", "spread"})
  public String algorithm;

  /** {@code grouped}: tasks in groups of identical siblings; {@code unique}: every task different. */
  @Param({"grouped", "unique"})
  public String tasks;

  @Param({"1000"})
  public int nodes;

  @Param({"10000"})
  public int taskCount;

  private PlacementAlgorithm planner;
  private ClusterSnapshot cluster;
  private List<TaskRequest> pending;
  private long seed;
  private Plan last;

  @Setup(Level.Trial)
  public void setUp() {
    planner = Schedulers.byName(algorithm);
    cluster = BenchWorkload.cluster(nodes, 42);
    pending = BenchWorkload.tasks(taskCount, tasks.equals("grouped"), 43);
  }

  @Benchmark
  public Plan plan() {
    // A new seed each round, as the manager passes the log index.
    last = planner.plan(cluster, pending, seed++);
    return last;
  }

  /** Prints how much of the workload was placed, so a fast but empty plan cannot pass unnoticed. */
  @TearDown(Level.Trial)
  public void report() {
    if (last != null) {
      System.out.printf("%n%s/%s: %d placed, %d unplaced%n", algorithm, tasks, last.placements().size(), last.unplaced().size());
      if (!last.unplaced().isEmpty()) System.out.println("  e.g. " + last.unplaced().get(0));
    }
  }
}
