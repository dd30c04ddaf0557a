package io.orchestrate.bench.run;

import io.orchestrate.client.Time;
import io.orchestrate.core.util.FileTrees;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The engine of {@code orchestrate bench run}: time-to-running of N containers, orchestrate against
 * Docker swarm mode on the same engine and image, in alternating rounds. Everything it creates
 * (containers, services, the swarm membership it started, its directory) is removed at the end, on
 * failure, and on Ctrl-C.
 *
 * <p>Used by one thread; its clean-up may also run once from a shutdown hook.
 */
public final class RunBench {
  private final BenchSettings s;
  private final int warmup;
  private final Path dir;
  private final PrintWriter out;
  private final PrintWriter err;

  /**
   * @param warmup untimed rounds of one task per side before the timed ones
   * @param dir where the managers and the worker keep their data, or null for a temporary directory removed at the end
   */
  public RunBench(BenchSettings settings, int warmup, Path dir, PrintWriter out, PrintWriter err) {
    this.s = settings;
    this.warmup = warmup;
    this.dir = dir;
    this.out = out;
    this.err = err;
  }

  /** Sets up both sides, runs the rounds, prints each round and the summary to {@code out}. */
  public void run() throws Exception {
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("orchestrate-bench-");
    Engine engine = Engine.fromEnvironment();
    List<Contender> contenders = new ArrayList<>();
    Cleanup cleanup = new Cleanup(contenders, engine, work, dir == null, err);
    Thread hook = new Thread(cleanup::run, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      engine.require(s.image());
      contenders.add(new OrchestrateContender(s, work.resolve("orchestrate"), engine, Time.SYSTEM));
      if (s.swarm()) contenders.add(new SwarmContender(s, engine, Time.SYSTEM));
      BenchReport report = new BenchReport();
      for (Contender c : contenders) {
        report.contender(c.name());
        c.setUp();
        if (c instanceof SwarmContender sw) {
          out.printf("swarm: %s%n", sw.initialisedSwarm() ? "initialised a single-node swarm (it leaves at the end)" : "the engine was already a swarm manager (left as is)");
        }
        for (int i = 0; i < warmup; i++) c.trial(1);
      }
      out.printf(Locale.ROOT, "%d tasks of %s (cpu %s, %d MB, %s network) per round; orchestrate: %d manager(s), 1 docker worker, scheduling every %d ms%n",
          s.tasks(), s.image(), s.taskCpu(), s.taskMemoryMb(), s.network() == null ? "default" : s.network(), s.managers(),
          s.schedulingInterval().toMillis());
      out.flush();
      for (int r = 0; r < s.rounds(); r++) {
        // Who goes first alternates, so neither side always runs right after the other's clean-up.
        for (int k = 0; k < contenders.size(); k++) {
          Contender c = contenders.get((r + k) % contenders.size());
          Trial t = c.trial(s.tasks());
          report.add(c.name(), t);
          out.printf(Locale.ROOT, "round %d %-12s placed %5.2f s  first running %5.2f s  all running: reported %5.2f s, engine %5.2f s%n",
              r + 1, c.name(), secs(t.placed()), secs(t.first()), secs(t.reported()), secs(t.engine()));
          out.flush();
        }
      }
      out.println();
      report.print(out);
    } finally {
      cleanup.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook has run or is running the same clean-up
      }
    }
  }

  private static double secs(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** Idempotent clean-up, run by the command at the end and by the shutdown hook on Ctrl-C, whichever comes first. */
  private static final class Cleanup {
    private final List<Contender> contenders;
    private final Engine engine;
    private final Path work;
    private final boolean deleteWork;
    private final PrintWriter err;
    private boolean done;

    Cleanup(List<Contender> contenders, Engine engine, Path work, boolean deleteWork, PrintWriter err) {
      this.contenders = contenders;
      this.engine = engine;
      this.work = work;
      this.deleteWork = deleteWork;
      this.err = err;
    }

    synchronized void run() {
      if (done) return;
      done = true;
      for (Contender c : contenders) {
        try {
          c.close();
        } catch (RuntimeException e) {
          err.println("warning: clean-up of " + c.name() + " failed: " + e.getMessage());
        }
      }
      engine.close();
      if (deleteWork) {
        try {
          FileTrees.deleteRecursively(work);
        } catch (Exception e) {
          err.println("warning: could not remove " + work + ": " + e.getMessage());
        }
      }
      err.flush();
    }
  }
}
