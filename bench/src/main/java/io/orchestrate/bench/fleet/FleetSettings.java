package io.orchestrate.bench.fleet;

import io.orchestrate.core.spec.JobSpecValidator;
import io.orchestrate.core.spec.Resources;
import java.time.Duration;

/**
 * What one run of {@code bench fleet} does, checked on construction so that a bad value is refused,
 * naming its flag, before anything starts.
 *
 * @param nodes       simulated workers
 * @param tasks       tasks to bring to RUNNING
 * @param tasksPerJob tasks per submitted job (one task group of this count; the last job takes the rest)
 * @param inFlight    job submissions in flight at once
 * @param timeout     bound on the whole run, start-up and clean-up excepted
 * @param failover    kill the leader once every task runs, and check that no task moved
 */
public record FleetSettings(int nodes, int tasks, int tasksPerJob, int inFlight, Duration timeout, boolean failover) {
  public static final int MAX_NODES = 20_000;
  public static final int MAX_TASKS = 2_000_000;
  public static final int MAX_IN_FLIGHT = 256;
  public static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);

  /** What each task reserves: small, so that a node's capacity, not the machine, bounds the tasks it takes. */
  public static final Resources TASK_RESOURCES = Resources.of(0.01, 1, 0);
  /**
   * Room for this many times the average tasks per node on each node: enough that every algorithm
   * (bin-packing too) finds a place for every task, tight enough that the fleet's capacity matters.
   */
  static final int HEADROOM = 2;
  /** Slots every node has on top of its share, so that a handful of tasks on many nodes still fit. */
  static final int SPARE_SLOTS = 8;

  public FleetSettings {
    if (nodes < 1 || nodes > MAX_NODES) throw new IllegalArgumentException("--nodes must be between 1 and " + MAX_NODES + ", was " + nodes);
    if (tasks < 1 || tasks > MAX_TASKS) throw new IllegalArgumentException("--tasks must be between 1 and " + MAX_TASKS + ", was " + tasks);
    if (tasksPerJob < 1 || tasksPerJob > JobSpecValidator.MAX_COUNT) {
      throw new IllegalArgumentException("--tasks-per-job must be between 1 and " + JobSpecValidator.MAX_COUNT + ", was " + tasksPerJob);
    }
    if (inFlight < 1 || inFlight > MAX_IN_FLIGHT) {
      throw new IllegalArgumentException("--in-flight must be between 1 and " + MAX_IN_FLIGHT + ", was " + inFlight);
    }
    if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0) {
      throw new IllegalArgumentException("--timeout must be at least " + MIN_TIMEOUT.toSeconds() + "s, was "
          + (timeout == null ? "none" : timeout.toMillis() + "ms"));
    }
  }

  /** Jobs submitted: every one holds {@link #tasksPerJob} tasks but the last, which holds the rest. */
  public int jobs() {
    return (tasks + tasksPerJob - 1) / tasksPerJob;
  }

  /** Tasks of job {@code n} (0-based). */
  public int tasksOfJob(int n) {
    if (n < 0 || n >= jobs()) throw new IllegalArgumentException("job " + n + " is not among the " + jobs() + " jobs");
    return n < jobs() - 1 ? tasksPerJob : tasks - tasksPerJob * (jobs() - 1);
  }

  /** What every simulated node offers, as its Register message says. */
  public Resources nodeCapacity() {
    long slots = (long) HEADROOM * ((tasks + nodes - 1) / nodes) + SPARE_SLOTS;
    return Resources.of(slots * TASK_RESOURCES.cpu(), slots * TASK_RESOURCES.memoryMb(), 1024);
  }
}
