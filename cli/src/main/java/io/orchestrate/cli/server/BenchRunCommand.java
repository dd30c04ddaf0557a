package io.orchestrate.cli.server;

import io.orchestrate.cli.DurationConverter;
import io.orchestrate.bench.run.BenchSettings;
import io.orchestrate.bench.run.RunBench;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import ch.qos.logback.classic.Level;
import io.orchestrate.cli.logging.LogSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrate bench run}: time-to-running of N containers, orchestrate against Docker swarm
 * mode on the same engine and image, in alternating rounds. Everything it creates (containers,
 * services, the swarm membership it started, its directory) is removed at the end, on failure,
 * and on Ctrl-C.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Times N containers from submit to running: orchestrate against Docker swarm mode.",
        "Side by side on this machine's Docker engine with a local image: orchestrate (managers and one docker-driver",
        "worker in this process) against Docker swarm mode (docker service create",
        "--replicas N). Rounds alternate; prints each round, the medians and the ratio.",
        "Every figure counts from when the submit is issued. PLACED: every task has a",
        "node. FIRST RUNNING: docker ps lists the first container running. ALL RUNNING",
        "(REPORTED): the system says all N run (orchestrate: GET /v1/jobs/{id}; swarm:",
        "its task list). ALL RUNNING (ENGINE): docker ps lists all N running.",
        "Removes everything it created, also on failure and Ctrl-C."})
public final class BenchRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--tasks", paramLabel = "N", defaultValue = "20", description = "Tasks (containers) per round (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--rounds", paramLabel = "R", defaultValue = "3", description = "Timed rounds per side, alternating (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup", paramLabel = "W", defaultValue = "1",
      description = "Untimed rounds of one task per side first, so neither side pays for a cold start (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--managers-count", paramLabel = "M", defaultValue = "1", description = "orchestrate managers (1, 3, 5 or 7; default: ${DEFAULT-VALUE}).")
  int managers;

  @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "local/busybox:1", description = "Local image to run `sleep 3600` in; never pulled (default: ${DEFAULT-VALUE}).")
  String image;

  @Option(names = "--task-cpu", paramLabel = "CORES", defaultValue = "0.05", description = "CPU limit per task (default: ${DEFAULT-VALUE}).")
  double taskCpu;

  @Option(names = "--task-memory-mb", paramLabel = "MB", defaultValue = "16", description = "Memory limit per task (default: ${DEFAULT-VALUE}).")
  long taskMemoryMb;

  @Option(names = "--scheduling-interval", paramLabel = "DURATION", defaultValue = "100ms", converter = DurationConverter.class,
      description = "orchestrate leader's pause between scheduling rounds (default: ${DEFAULT-VALUE}, the manager's default).")
  Duration schedulingInterval;

  @Option(names = "--api-poll", paramLabel = "DURATION", defaultValue = "20ms", converter = DurationConverter.class,
      description = "How often the orchestrate job is read while waiting (default: ${DEFAULT-VALUE}).")
  Duration apiPoll;

  @Option(names = "--engine-poll", paramLabel = "DURATION", defaultValue = "100ms", converter = DurationConverter.class,
      description = "How often the engine's containers and swarm's tasks are read while waiting (default: ${DEFAULT-VALUE}).")
  Duration enginePoll;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "180s", converter = DurationConverter.class,
      description = "Bound on one round and on each set-up wait (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--network", paramLabel = "host",
      description = "Run every task of both sides on the host network (orchestrate `network: host`, swarm `--network host`), "
          + "which spares the engine a network namespace and bridge interface per container. Default: each system's default network.")
  String network;

  @Option(names = "--no-swarm", description = "Time orchestrate only; leaves the engine's swarm state alone.")
  boolean noSwarm;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the managers and the worker keep their data (default: a new temporary directory, removed at the end).")
  Path dir;

  @Option(names = "--verbose", description = "Show the managers' and the worker's log lines.")
  boolean verbose;

  BenchSettings settings() {
    try {
      return new BenchSettings(tasks, rounds, managers, image, taskCpu, taskMemoryMb, schedulingInterval, apiPoll, enginePoll,
          timeout, !noSwarm, network);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    BenchSettings s = settings();
    if (warmup < 0 || warmup > 10) throw new CommandLine.ParameterException(spec.commandLine(), "--warmup must be between 0 and 10, was " + warmup);
    // The bench prints its own lines.
    if (!verbose) {
      LogSetup.atLeast("io.orchestrate", Level.WARN);
      // Closing the in-process managers at the end makes Ratis warn about the peers it loses.
      LogSetup.atLeast("org.apache.ratis", Level.ERROR);
    }
    new RunBench(s, warmup, dir, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
    return 0;
  }
}
