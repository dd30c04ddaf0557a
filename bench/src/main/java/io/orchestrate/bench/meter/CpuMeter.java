package io.orchestrate.bench.meter;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

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
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern RAFT_GROUP = Pattern.compile("@group-[0-9A-Fa-f]+");

  private final Predicate<String> clientThread;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);

  public CpuMeter(Predicate<String> clientThread) {
    this.clientThread = clientThread;
  }

  /** CPU time counters at one instant; machine ticks are -1 where {@code /proc/stat} cannot be read. */
  public record Sample(
      long wallNanos, long processCpuNanos, long clientCpuNanos, long machineBusyTicks, long machineTotalTicks,
      Map<Long, ThreadCpu> threads) {}

  /** One Java thread's name and CPU time so far. */
  public record ThreadCpu(String name, long cpuNanos) {}

  /** Average cores one group of like-named threads used, e.g. {@code mN@group-X-StateMachineUpdater}. */
  public record GroupUsage(String group, double cores) {}

  /**
   * Average cores in use between two samples.
   *
   * @param machineBusyCores -1 when unknown
   */
  public record Usage(double processCores, double clientCores, double machineBusyCores, int availableCores) {}

  public Sample sample() {
    long client = 0;
    Map<Long, ThreadCpu> all = new HashMap<>();
    if (threads.isThreadCpuTimeSupported()) {
      long[] ids = threads.getAllThreadIds();
      ThreadInfo[] infos = threads.getThreadInfo(ids);
      for (int i = 0; i < ids.length; i++) {
        if (infos[i] == null) continue;
        long t = threads.getThreadCpuTime(ids[i]);
        if (t <= 0) continue;
        all.put(ids[i], new ThreadCpu(infos[i].getThreadName(), t));
        if (clientThread.test(infos[i].getThreadName())) client += t;
      }
    }
    long[] machine = machineTicks();
    return new Sample(System.nanoTime(), os.getProcessCpuTime(), client, machine[0], machine[1], Map.copyOf(all));
  }

  /**
   * CPU by thread group between two samples, busiest first. Threads are grouped by name with digits
   * replaced by N (three managers' updater threads become one group). The JVM's own native threads
   * (JIT compilers, GC) are not Java threads: they appear as the remainder of the process time.
   */
  public static List<GroupUsage> byThreadGroup(Sample a, Sample b) {
    double wall = Math.max(1, b.wallNanos() - a.wallNanos());
    Map<String, Long> groups = new TreeMap<>();
    long javaThreads = 0;
    for (Map.Entry<Long, ThreadCpu> e : b.threads().entrySet()) {
      ThreadCpu before = a.threads().get(e.getKey());
      // A thread born after the first sample spent all its time inside the interval.
      long d = e.getValue().cpuNanos() - (before == null ? 0 : before.cpuNanos());
      if (d <= 0) continue;
      javaThreads += d;
      groups.merge(groupName(e.getValue().name()), d, Long::sum);
    }
    List<GroupUsage> out = new ArrayList<>();
    groups.forEach((g, nanos) -> out.add(new GroupUsage(g, nanos / wall)));
    long rest = (b.processCpuNanos() - a.processCpuNanos()) - javaThreads;
    if (rest > 0) out.add(new GroupUsage("(JVM native threads: JIT compilers, GC; and threads that ended)", rest / wall));
    out.sort(Comparator.comparingDouble(GroupUsage::cores).reversed());
    return out;
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

  /** {@code m2@group-FE34AB79EBEB-StateMachineUpdater} becomes {@code mN@group-StateMachineUpdater}. */
  static String groupName(String threadName) {
    return DIGITS.matcher(RAFT_GROUP.matcher(threadName).replaceAll("@group")).replaceAll("N");
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
