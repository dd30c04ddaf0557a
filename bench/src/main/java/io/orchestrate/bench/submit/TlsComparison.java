package io.orchestrate.bench.submit;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * What security costs on this machine: the same load run in plain text and with mutual TLS and
 * tokens, each several times, the rates taken over all runs of a mode (committed over seconds).
 *
 * @param tlsOverPlain TLS throughput over plain throughput; 0 if plain committed nothing
 */
public record TlsComparison(List<SubmitReport> plain, List<SubmitReport> tls, double plainPerSecond, double tlsPerSecond,
    double tlsOverPlain) {

  static TlsComparison of(List<SubmitReport> plain, List<SubmitReport> tls) {
    double p = rate(plain);
    double t = rate(tls);
    return new TlsComparison(List.copyOf(plain), List.copyOf(tls), round(p), round(t), p == 0 ? 0 : Math.round(t / p * 1000) / 1000.0);
  }

  private static double rate(List<SubmitReport> runs) {
    double seconds = runs.stream().mapToDouble(SubmitReport::seconds).sum();
    return seconds == 0 ? 0 : runs.stream().mapToLong(SubmitReport::committed).sum() / seconds;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  public long committed(List<SubmitReport> runs) {
    return runs.stream().mapToLong(SubmitReport::committed).sum();
  }

  public void printText(PrintWriter out) {
    out.println();
    out.println("== plain text ==");
    plain.forEach(r -> r.printText(out));
    out.println();
    out.println("== mutual TLS and API tokens ==");
    tls.forEach(r -> r.printText(out));
    out.println();
    out.println("TLS cost (runs alternated: plain first, then TLS first, ...)");
    out.printf(Locale.ROOT, "  plain          %,.0f submissions/s over %d run%s: %s%n", plainPerSecond, plain.size(), plain.size() == 1 ? "" : "s",
        each(plain));
    out.printf(Locale.ROOT, "  TLS + token    %,.0f submissions/s over %d run%s: %s%n", tlsPerSecond, tls.size(), tls.size() == 1 ? "" : "s",
        each(tls));
    out.printf(Locale.ROOT, "  TLS / plain    %.1f %% (%s)%n", tlsOverPlain * 100,
        tlsOverPlain <= 1 ? String.format(Locale.ROOT, "TLS costs %.1f %% of throughput", (1 - tlsOverPlain) * 100)
            : "TLS ran faster: the runs differ by more than TLS costs; run more pairs or on a quiet machine");
    out.flush();
  }

  private static String each(List<SubmitReport> runs) {
    return String.join(", ", runs.stream().map(r -> String.format(Locale.ROOT, "%,.0f/s (p50 %.1f ms)", r.submissionsPerSecond(),
        r.latencyMs().p50())).toList());
  }
}
