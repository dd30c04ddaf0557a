package io.orchestrate.bench.failover;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench failover}'s figures: per trial, the time from SIGKILL of the leader to the first
 * write accepted at a survivor's address; over the trials, the median and the worst.
 */
public record FailoverReport(String target, List<Trial> trials, double medianMs, long maxMs, long minMs) {
  /**
   * @param termBefore the leader's term when it was killed
   * @param acceptedAt the survivor's API address that accepted the write
   * @param probes     writes sent after the kill, the accepted one included
   * @param refusals   what the probes before the accepted one got, by the second after the kill and the answer
   */
  public record Trial(int n, String killed, long termBefore, String acceptedAt, long ms, int probes, String newLeader, long termAfter,
      java.util.Map<String, Integer> refusals) {}

  public static FailoverReport of(String target, List<Trial> trials) {
    long[] ms = trials.stream().mapToLong(Trial::ms).sorted().toArray();
    return new FailoverReport(target, List.copyOf(trials), median(ms), ms.length == 0 ? 0 : ms[ms.length - 1], ms.length == 0 ? 0 : ms[0]);
  }

  /** The middle value of sorted {@code v}, or the mean of the middle two. */
  static double median(long[] v) {
    if (v.length == 0) return 0;
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
  }

  public void printText(PrintWriter out) {
    out.println();
    out.println("failover: SIGKILL of the leader -> first write accepted at a survivor's address");
    for (Trial t : trials) {
      out.printf(Locale.ROOT, "  trial %2d  %,6d ms  killed %s (term %d), accepted at %s, new leader %s (term %d), %d probes%n",
          t.n(), t.ms(), t.killed(), t.termBefore(), t.acceptedAt(), t.newLeader(), t.termAfter(), t.probes());
      t.refusals().forEach((why, count) -> out.printf(Locale.ROOT, "            %3d x %s%n", count, why));
    }
    out.printf(Locale.ROOT, "  %d trials on %s: median %,.0f ms, min %,d ms, max %,d ms%n", trials.size(), target, medianMs, minMs, maxMs);
    out.flush();
  }
}
