package io.orchestrate.cli.server;

import io.orchestrate.bench.fleet.ChildManagers;
import io.orchestrate.bench.fleet.FleetBench;
import io.orchestrate.bench.fleet.FleetReport;
import io.orchestrate.bench.fleet.FleetSettings;
import io.orchestrate.bench.fleet.FleetTimeoutException;
import io.orchestrate.cli.DurationConverter;
import io.orchestrate.cli.ExitCodes;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.util.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrate bench fleet}: three managers as child processes, N simulated workers on the
 * real gateway protocol in this process, T tasks submitted through the API; prints time to all
 * RUNNING, the managers' memory, frame sizes, a snapshot, and a leader failover that must move no
 * task. Everything it starts is stopped at the end, on failure and on Ctrl-C.
 */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = {
        "Measures placement rate and manager memory with thousands of simulated workers and tasks.",
        "Starts 3 managers as child processes on loopback and --nodes simulated workers in this process that speak the real gateway protocol (register,",
        "heartbeats with the desired-set version and digest, every newly desired",
        "task reported RUNNING at once; no containers). Submits --tasks tasks in",
        "jobs of --tasks-per-job through the API, --in-flight at a time, with a",
        "progress line every 5 s. Prints placements/s and the time from the first",
        "submission to all RUNNING in the leader's state; each manager's heap after",
        "a full GC (jcmd) and RSS, and heap bytes per task; the largest Desired",
        "frame a worker received and the frames in all; a snapshot's size and",
        "download time. Then, unless --no-failover, it SIGKILLs the leader, times",
        "the first write a survivor commits and the workers' return, restarts the",
        "killed manager, times its catch-up, and checks that no worker was told to",
        "stop or restart any task it held. Exits 1 if a task moved or --timeout",
        "passed, keeping the managers' data and logs. Every port runs mutual TLS",
        "(a throwaway CA in the data directory, a worker certificate per simulated",
        "node) and the API requires a token, unless --insecure."})
public final class BenchFleetCommand implements Callable<Integer> {
  static final int MANAGERS = 3;
  /**
   * Bound on the managers' start, their first election and the token bootstrap (never more than
   * --timeout): three JVMs building their TLS contexts on a loaded 2-core machine took over a minute.
   */
  static final Duration START_WAIT = Duration.ofMinutes(3);

  @Spec CommandSpec spec;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "1000", description = "Simulated worker nodes (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--tasks", paramLabel = "T", defaultValue = "100000", description = "Tasks to bring to RUNNING (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--tasks-per-job", paramLabel = "K", defaultValue = "100", description = "Tasks per job, one task group each (default: ${DEFAULT-VALUE}).")
  int tasksPerJob;

  @Option(names = "--in-flight", paramLabel = "C", defaultValue = "8", description = "Job submissions in flight at once (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
      description = "Bound on the whole run, manager start included; past it the run fails (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--no-failover", description = "Skip the failover step (kill, restart, moved-task check).")
  boolean noFailover;

  @Option(names = "--manager-heap-mb", paramLabel = "MB",
      description = "Each manager's -Xmx (default: 192 MB + 6 KB per task, about twice what the tasks take).")
  Integer managerHeapMb;

  @Option(names = "--insecure", description = "Run the managers and the simulated workers in plain text, without tokens, to compare with"
      + " the default: mutual TLS on every port and API tokens.")
  boolean insecure;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
  Path json;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the managers keep data and logs (default: a new temporary directory, removed after a successful run).")
  Path dir;

  int managerHeapMb(FleetSettings s) {
    int heap = managerHeapMb != null ? managerHeapMb : ChildManagers.heapMbFor(s.tasks());
    if (heap < ChildManagers.MIN_HEAP_MB || heap > ChildManagers.MAX_HEAP_MB) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--manager-heap-mb must be between " + ChildManagers.MIN_HEAP_MB
          + " and " + ChildManagers.MAX_HEAP_MB + ", was " + heap);
    }
    return heap;
  }

  FleetSettings settings() {
    try {
      return new FleetSettings(nodes, tasks, tasksPerJob, inFlight, timeout, !noFailover);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    FleetSettings s = settings();
    int heapMb = managerHeapMb(s);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("orchestrate-fleet-");
    out.printf("starting %d managers as child processes, %s; data and logs in %s%n", MANAGERS,
        insecure ? "in plain text (--insecure)" : "with mutual TLS and API tokens", work);
    out.flush();
    ChildManagers managers = ChildManagers.start(work, MANAGERS, heapMb, timeout.compareTo(START_WAIT) < 0 ? timeout : START_WAIT, !insecure);
    // Ctrl-C must not leave three manager JVMs behind.
    Thread hook = new Thread(managers::close, "bench-fleet-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean keep = true;
    try {
      FleetReport report = new FleetBench(s, out).run(managers, start);
      report.printText(out);
      if (json != null) Files.writeString(json, Json.pretty(report) + System.lineSeparator());
      FleetReport.Failover f = report.failover();
      if (f != null && (f.movedTasks() > 0 || f.runningAfter() < s.tasks())) {
        err.printf("error: the failover disturbed tasks: %d moved (removed %d, new generation %d), %d of %d RUNNING after; logs in %s%n",
            f.movedTasks(), f.removedTasks(), f.regeneratedTasks(), f.runningAfter(), s.tasks(), managers.logs());
        return ExitCodes.REJECTED;
      }
      keep = dir != null;
      return ExitCodes.OK;
    } catch (FleetTimeoutException | IllegalStateException e) {
      // The run's own failures (out of time, a submission refused, no leader) say what went wrong; no stack trace.
      err.println("error: " + e.getMessage() + "; managers' logs in " + managers.logs());
      return ExitCodes.REJECTED;
    } finally {
      managers.close();
      removeHook(hook);
      if (!keep) deleteQuietly(work, err);
      err.flush();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs the same idempotent close
    }
  }

  private static void deleteQuietly(Path work, PrintWriter err) {
    try {
      FileTrees.deleteRecursively(work);
    } catch (IOException e) {
      err.println("warning: could not remove " + work + ": " + e.getMessage());
    }
  }
}
