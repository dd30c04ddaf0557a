package io.orchestrate.worker.stats;

import io.orchestrate.gateway.protocol.NodeStats;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OperatingSystem;

/**
 * Samples the host's usage with OSHI for heartbeats. CPU busy is measured between consecutive
 * samples, so the first sample reads the time since boot. Disk is the file system holding the
 * worker's data dir, because that is where task scratch space comes from.
 *
 * <p>{@link #sample()} is called from one thread at a time (the worker's stats timer); {@link #latest()}
 * is a volatile read for any thread, so heartbeats never wait on /proc.
 */
public final class HostStats {
  private static final long MIB = 1024L * 1024L;

  private final CentralProcessor cpu;
  private final GlobalMemory memory;
  private final OperatingSystem os;
  private final Path dataDir;
  private final IntSupplier tasksRunning;
  private long[] previousTicks;
  private volatile NodeStats latest;

  public HostStats(Path dataDir, IntSupplier tasksRunning) {
    SystemInfo si = new SystemInfo();
    this.cpu = si.getHardware().getProcessor();
    this.memory = si.getHardware().getMemory();
    this.os = si.getOperatingSystem();
    this.dataDir = dataDir;
    this.tasksRunning = tasksRunning;
    this.previousTicks = cpu.getSystemCpuLoadTicks();
    this.latest = sample();
  }

  /** Takes a new sample and makes it the latest. */
  public NodeStats sample() {
    long[] ticks = cpu.getSystemCpuLoadTicks();
    double busy = cpu.getSystemCpuLoadBetweenTicks(previousTicks);
    previousTicks = ticks;
    double load1 = cpu.getSystemLoadAverage(1)[0];
    long total = memory.getTotal();
    long used = Math.max(0, total - memory.getAvailable());
    long diskFree = 0;
    long diskTotal = 0;
    try {
      FileStore fs = Files.getFileStore(dataDir);
      diskFree = fs.getUsableSpace();
      diskTotal = fs.getTotalSpace();
    } catch (IOException e) {
      // Reported as 0 free: a data dir we cannot stat should not look roomy to the scheduler.
    }
    NodeStats s = new NodeStats(
        clampPercent(busy * 100),
        load1 < 0 ? -1 : load1,
        used / MIB,
        total / MIB,
        diskFree / MIB,
        diskTotal / MIB,
        cpu.getLogicalProcessorCount(),
        tasksRunning.getAsInt(),
        Math.max(0, os.getSystemUptime()));
    latest = s;
    return s;
  }

  public NodeStats latest() {
    return latest;
  }

  /** Total memory of the host in MiB, for a worker's default capacity. */
  public long totalMemoryMb() {
    return memory.getTotal() / MIB;
  }

  private static double clampPercent(double p) {
    if (Double.isNaN(p) || p < 0) return 0;
    return Math.min(100, p);
  }
}
