package io.orchestrate.bench.submit;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code bench submit --vs etcd}: the same load against orchestrate's managers and then against
 * etcd members, and how they compare. A ratio above 1 means orchestrate committed more per second.
 *
 * @param warmRatio orchestrate's measured-window rate over etcd's
 * @param coldRatio orchestrate's first-seconds rate over etcd's
 */
public record EtcdComparison(SubmitReport orchestrate, SubmitReport etcd, double warmRatio, double coldRatio) {
  public static EtcdComparison of(SubmitReport orchestrate, SubmitReport etcd) {
    return new EtcdComparison(orchestrate, etcd, ratio(orchestrate.submissionsPerSecond(), etcd.submissionsPerSecond()),
        orchestrate.cold() == null || etcd.cold() == null ? 0
            : ratio(orchestrate.cold().submissionsPerSecond(), etcd.cold().submissionsPerSecond()));
  }

  static double ratio(double a, double b) {
    return b <= 0 ? 0 : Math.round(a / b * 100) / 100.0;
  }

  public void printText(PrintWriter out) {
    out.println();
    out.println("orchestrate");
    orchestrate.printText(out);
    out.println();
    out.println("etcd");
    etcd.printText(out);
    out.println();
    out.printf(Locale.ROOT, "orchestrate vs etcd, measured window: %,.0f vs %,.0f writes/s = %.2f x (p99 %.1f vs %.1f ms)%n",
        orchestrate.submissionsPerSecond(), etcd.submissionsPerSecond(), warmRatio, orchestrate.latencyMs().p99(), etcd.latencyMs().p99());
    if (orchestrate.cold() != null && etcd.cold() != null) {
      out.printf(Locale.ROOT, "orchestrate vs etcd, first %.0f s of load: %,.0f vs %,.0f writes/s = %.2f x%n", orchestrate.cold().seconds(),
          orchestrate.cold().submissionsPerSecond(), etcd.cold().submissionsPerSecond(), coldRatio);
    }
    out.flush();
  }
}
