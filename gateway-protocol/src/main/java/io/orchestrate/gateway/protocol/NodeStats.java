package io.orchestrate.gateway.protocol;

/**
 * Host usage a worker samples for each {@link Heartbeat}. Sizes are MiB.
 *
 * @param cpuUsedPercent whole-host cpu busy since the previous sample, 0..100
 * @param load1          one-minute load average, or -1 where the host has none
 * @param tasksRunning   tasks whose process is alive on this node
 */
public record NodeStats(
    double cpuUsedPercent,
    double load1,
    long memoryUsedMb,
    long memoryTotalMb,
    long diskFreeMb,
    long diskTotalMb,
    int cpuCores,
    int tasksRunning,
    long uptimeSeconds) {

  public NodeStats {
    if (!(cpuUsedPercent >= 0 && cpuUsedPercent <= 100)) {
      throw new IllegalArgumentException("stats.cpuUsedPercent must be within 0..100, was " + cpuUsedPercent);
    }
    Checks.notNegative(memoryUsedMb, "stats.memoryUsedMb");
    Checks.notNegative(memoryTotalMb, "stats.memoryTotalMb");
    Checks.notNegative(diskFreeMb, "stats.diskFreeMb");
    Checks.notNegative(diskTotalMb, "stats.diskTotalMb");
    Checks.notNegative(cpuCores, "stats.cpuCores");
    Checks.notNegative(tasksRunning, "stats.tasksRunning");
    Checks.notNegative(uptimeSeconds, "stats.uptimeSeconds");
  }
}
