package io.orchestrate.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where the CPU went during a run: this process as a whole, the benchmark client's own threads
 * (named by the transport), and the whole machine from {@code /proc/stat} where there is one. With
 * {@code --local} the managers run in this process, so process minus client is the managers' share
 * (plus GC and JIT); machine minus process is everything else on the host.
 *
 * <p>Used by the driver thread only.
 */
public final class CpuMeter {
  private static final Path PROC_STAT = Path.of("/proc/stat");

  private final Predicate<String> clientThread;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);

  public CpuMeter(Predicate<String> clientThread) {
    this.clientThread = clientThread;
  }

  /** CPU time counters at one instant; machine ticks are -1 where {@code /proc/stat} cannot be read. */
  public record Sample(long wallNanos, long processCpuNanos, long clientCpuNanos, long machineBusyTicks, long machineTotalTicks) {}

  /**
   * Average cores in use between two samples.
   *
   * @param machineBusyCores -1 when unknown
   */
  public record Usage(double processCores, double clientCores, double machineBusyCores, int availableCores) {}

  public Sample sample() {
    long client = 0;
    if (threads.isThreadCpuTimeSupported()) {
      long[] ids = threads.getAllThreadIds();
      ThreadInfo[] infos = threads.getThreadInfo(ids);
      for (int i = 0; i < ids.length; i++) {
        if (infos[i] != null && clientThread.test(infos[i].getThreadName())) {
          long t = threads.getThreadCpuTime(ids[i]);
          if (t > 0) client += t;
        }
      }
    }
    long[] machine = machineTicks();
    return new Sample(System.nanoTime(), os.getProcessCpuTime(), client, machine[0], machine[1]);
  }

  public static Usage between(Sample a, Sample b, int availableCores) {
    double wall = Math.max(1, b.wallNanos() - a.wallNanos());
    double machine = -1;
    long total = b.machineTotalTicks() - a.machineTotalTicks();
    if (a.machineTotalTicks() >= 0 && b.machineTotalTicks() >= 0 && total > 0) {
      machine = (double) (b.machineBusyTicks() - a.machineBusyTicks()) / total * availableCores;
    }
    return new Usage(
        (b.processCpuNanos() - a.processCpuNanos()) / wall,
        Math.max(0, b.clientCpuNanos() - a.clientCpuNanos()) / wall,
        machine,
        availableCores);
  }

  /** {busy, total} jiffies over all CPUs; idle and iowait count as not busy. */
  private static long[] machineTicks() {
    try {
      List<String> lines = Files.readAllLines(PROC_STAT);
      String[] f = lines.get(0).trim().split("\\s+");
      if (!f[0].equals("cpu")) return new long[] {-1, -1};
      long total = 0;
      // user nice system idle iowait irq softirq steal; guest time is already inside user.
      for (int i = 1; i < Math.min(f.length, 9); i++) total += Long.parseLong(f[i]);
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }
}
