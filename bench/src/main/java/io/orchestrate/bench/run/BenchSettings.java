package io.orchestrate.bench.run;

import java.time.Duration;

/**
 * What one run of the time-to-running benchmark does, checked on construction so that a bad value
 * is refused before anything starts.
 *
 * @param tasks              tasks per trial (orchestrate: one job with count N; swarm: --replicas N)
 * @param rounds             timed trials per contender, alternating
 * @param managers           orchestrate managers in the in-process cluster (odd)
 * @param image              the local image both contenders run; never pulled
 * @param taskCpu            cores per task (orchestrate resources.cpu, swarm --limit-cpu)
 * @param taskMemoryMb       memory per task (orchestrate resources.memoryMb, swarm --limit-memory)
 * @param schedulingInterval the orchestrate leader's pause between scheduling rounds
 * @param apiPoll            how often the orchestrate job is read while waiting
 * @param enginePoll         how often the engine (containers, swarm tasks) is read while waiting
 * @param timeout            bound on one trial, and on each set-up wait
 * @param swarm              whether to run the swarm side at all
 * @param network            the network every task joins on both sides (orchestrate {@code network:},
 *                           swarm {@code --network}), or null for each system's default
 */
public record BenchSettings(int tasks, int rounds, int managers, String image, double taskCpu, long taskMemoryMb,
    Duration schedulingInterval, Duration apiPoll, Duration enginePoll, Duration timeout, boolean swarm, String network) {
  public static final int MAX_TASKS = 1000;
  public static final int MAX_ROUNDS = 100;

  public BenchSettings {
    if (tasks < 1 || tasks > MAX_TASKS) throw new IllegalArgumentException("--tasks must be between 1 and " + MAX_TASKS + ", was " + tasks);
    if (rounds < 1 || rounds > MAX_ROUNDS) throw new IllegalArgumentException("--rounds must be between 1 and " + MAX_ROUNDS + ", was " + rounds);
    if (managers < 1 || managers % 2 == 0 || managers > 7) {
      throw new IllegalArgumentException("--managers-count must be 1, 3, 5 or 7, was " + managers);
    }
    if (image == null || image.isBlank()) throw new IllegalArgumentException("--image must not be blank");
    if (!(taskCpu > 0)) throw new IllegalArgumentException("--task-cpu must be > 0, was " + taskCpu);
    // Docker refuses memory limits under 6 MiB.
    if (taskMemoryMb < 6) throw new IllegalArgumentException("--task-memory-mb must be at least 6, was " + taskMemoryMb);
    // Swarm services cannot join "none"; bridge is what both do when no network is named.
    if (network != null && !network.equals(io.orchestrate.core.spec.NetworkMode.HOST)) {
      throw new IllegalArgumentException("--network must be host (leave it out for each system's default network), was '" + network + "'");
    }
  }
}
