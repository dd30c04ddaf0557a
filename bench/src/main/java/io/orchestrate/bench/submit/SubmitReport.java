package io.orchestrate.bench.submit;

import io.orchestrate.bench.meter.CpuMeter;
import io.orchestrate.bench.meter.GcMeter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary of one {@code bench submit} run, printed as text or, with {@code -o json}, as this
 * record. Field names are the JSON keys scripts read.
 *
 * @param target  what was measured, e.g. {@code 3 in-process managers} or the addresses given
 * @param leader  the API address the submissions went to
 * @param client  the HTTP client and its threads
 * @param gc      this JVM's collections in the measured window (the managers' too when in-process)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmitReport(
    String target,
    String leader,
    String client,
    int clients,
    double warmupSeconds,
    double seconds,
    long committed,
    double submissionsPerSecond,
    Latency latencyMs,
    long errorCount,
    Map<String, Long> errors,
    Cpu cpu,
    GcMeter.Summary gc,
    List<CpuMeter.GroupUsage> cpuByThread,
    Window cold,
    List<ManagerUse> managers,
    Elections elections) {

  static final int MAX_THREAD_GROUPS = 15;

  /** One window's figures: the cold start's first seconds of load, right after the leader was elected. */
  public record Window(double seconds, long committed, double submissionsPerSecond, double p50, double p99, long errorCount) {
    static Window of(SubmitStats.Summary s) {
      return new Window(round(s.seconds()), s.committed(), round(s.perSecond()), round(s.p50Ms()), round(s.p99Ms()), s.errorCount());
    }
  }

  /**
   * What one manager process held at the end: live heap right after a full collection and resident set.
   *
   * @param heapBytes -1 when it could not be read
   * @param rssBytes  -1 when it could not be read
   */
  public record ManagerUse(String id, long pid, long heapBytes, long rssBytes) {}

  /**
   * The leader and Raft term when the load began and when it ended: every election in between
   * raised the term, so {@code termAfter - termBefore} bounds the elections the load caused (none is
   * expected: any is a false election, the leader being alive throughout).
   */
  public record Elections(String leaderBefore, long termBefore, String leaderAfter, long termAfter) {
    public long count() {
      return Math.max(0, termAfter - termBefore);
    }
  }

  public record Latency(double p50, double p90, double p99, double max, double mean) {}

  /**
   * Average cores in use over the measured window.
   *
   * @param machineBusyCores -1 when the machine's counters cannot be read
   */
  public record Cpu(double processCores, double clientCores, double machineBusyCores, int availableCores, boolean managersInProcess) {}

  public static SubmitReport of(
      String target, String leader, String client, int clients, double warmupSeconds,
      SubmitStats.Summary s, CpuMeter.Usage u, boolean managersInProcess, GcMeter.Summary gc, List<CpuMeter.GroupUsage> byThread) {
    return new SubmitReport(target, leader, client, clients, warmupSeconds, round(s.seconds()), s.committed(),
        round(s.perSecond()), new Latency(round(s.p50Ms()), round(s.p90Ms()), round(s.p99Ms()), round(s.maxMs()), round(s.meanMs())),
        s.errorCount(), s.errors(),
        new Cpu(round(u.processCores()), round(u.clientCores()), round(u.machineBusyCores()), u.availableCores(), managersInProcess),
        gc,
        byThread == null ? null : byThread.stream().map(g -> new CpuMeter.GroupUsage(g.group(), round(g.cores()))).toList(),
        null, null, null);
  }

  public SubmitReport withCold(SubmitStats.Summary s) {
    return new SubmitReport(target, leader, client, clients, warmupSeconds, seconds, committed, submissionsPerSecond, latencyMs, errorCount,
        errors, cpu, gc, cpuByThread, Window.of(s), managers, elections);
  }

  public SubmitReport withManagers(List<ManagerUse> m, Elections e) {
    return new SubmitReport(target, leader, client, clients, warmupSeconds, seconds, committed, submissionsPerSecond, latencyMs, errorCount,
        errors, cpu, gc, cpuByThread, cold, m, e);
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MB", bytes >> 20);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  public void printText(PrintWriter out) {
    out.println();
    out.println("summary");
    out.printf(Locale.ROOT, "  committed     %,d submissions in %.2f s = %,.0f submissions/s%n", committed, seconds, submissionsPerSecond);
    out.printf(Locale.ROOT, "  latency (ms)  p50 %.2f   p90 %.2f   p99 %.2f   max %.2f   mean %.2f%n",
        latencyMs.p50, latencyMs.p90, latencyMs.p99, latencyMs.max, latencyMs.mean);
    if (errors.isEmpty()) {
      out.println("  errors        none");
    } else {
      out.printf(Locale.ROOT, "  errors        %,d:", errorCount);
      errors.forEach((k, v) -> out.printf(Locale.ROOT, " %s \u00d7 %,d;", k, v));
      out.println();
    }
    out.printf(Locale.ROOT, "  clients       %d in flight (%s), warm-up %.1f s not measured%n", clients, client, warmupSeconds);
    out.printf(Locale.ROOT, "  target        %s; leader %s%n", target, leader);
    out.printf(Locale.ROOT, "  cpu (cores)   this process %.2f = bench client %.2f + %s %.2f, of %d available",
        cpu.processCores, cpu.clientCores, cpu.managersInProcess ? "managers/GC/JIT" : "other threads",
        Math.max(0, cpu.processCores - cpu.clientCores), cpu.availableCores);
    if (cpu.machineBusyCores >= 0) {
      out.printf(Locale.ROOT, "; whole machine busy %.2f (other processes %.2f)",
          cpu.machineBusyCores, Math.max(0, cpu.machineBusyCores - cpu.processCores));
    }
    out.println();
    out.printf(Locale.ROOT, "  gc            %,d collections in this JVM%s, %,d ms in all (%.1f%% of the window), longest %,d ms%n",
        gc.collections(), cpu.managersInProcess ? " (managers and client)" : " (the client's)", gc.totalMs(),
        seconds > 0 ? 100.0 * gc.totalMs() / (seconds * 1000) : 0, gc.longestMs());
    if (cold != null) {
      out.printf(Locale.ROOT, "  cold start    first %.1f s of load after the election: %,.0f submissions/s, p50 %.2f ms, p99 %.2f ms, %,d errors%n",
          cold.seconds, cold.submissionsPerSecond, cold.p50, cold.p99, cold.errorCount);
    }
    if (elections != null) {
      out.printf(Locale.ROOT, "  elections     %d during the run (leader %s in term %d at the start, %s in term %d at the end)%n",
          elections.count(), elections.leaderBefore, elections.termBefore, elections.leaderAfter, elections.termAfter);
    }
    if (managers != null) {
      for (ManagerUse m : managers) {
        out.printf(Locale.ROOT, "  manager %-5s pid %d: heap after full GC %s, RSS %s%n", m.id, m.pid, mb(m.heapBytes), mb(m.rssBytes));
      }
    }
    if (cpuByThread != null) {
      out.println("  cpu by thread group (cores, busiest first):");
      cpuByThread.stream().limit(MAX_THREAD_GROUPS).forEach(g -> out.printf(Locale.ROOT, "    %5.2f  %s%n", g.cores(), g.group()));
    }
    out.flush();
  }
}
