package io.orchestrate.bench.run;

import io.orchestrate.client.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The trials of each contender, in the order they ran, printed per round with medians and the ratio. */
public final class BenchReport {
  private final Map<String, List<Trial>> trials = new LinkedHashMap<>();

  /** Fixes the column order; call once per contender before {@link #add}. */
  public void contender(String name) {
    trials.putIfAbsent(name, new ArrayList<>());
  }

  public void add(String contender, Trial trial) {
    List<Trial> list = trials.get(contender);
    if (list == null) throw new IllegalArgumentException("unknown contender '" + contender + "'");
    list.add(trial);
  }

  public List<Trial> trials(String contender) {
    return List.copyOf(trials.getOrDefault(contender, List.of()));
  }

  /** The median; of an even count, the mean of the middle two. */
  public static Duration median(List<Duration> values) {
    if (values.isEmpty()) throw new IllegalArgumentException("median of no values");
    List<Duration> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2);
  }

  /** The median of one figure of a contender's trials. */
  public Duration median(String contender, Function<Trial, Duration> figure) {
    return median(trials(contender).stream().map(figure).toList());
  }

  /** One row per trial, in the order they ran, then one median row per contender, then the ratio of the two medians. */
  public void print(PrintWriter out) {
    List<String> names = trials.keySet().stream().filter(n -> !trials.get(n).isEmpty()).toList();
    Table t = new Table("ROUND", "SYSTEM", "PLACED", "FIRST RUNNING", "ALL RUNNING (REPORTED)", "ALL RUNNING (ENGINE)");
    int rounds = names.stream().mapToInt(n -> trials.get(n).size()).max().orElse(0);
    for (int r = 0; r < rounds; r++) {
      for (String n : names) {
        List<Trial> list = trials.get(n);
        if (r < list.size()) row(t, Integer.toString(r + 1), n, list.get(r));
      }
    }
    for (String n : names) {
      row(t, "median", n, new Trial(median(n, Trial::placed), median(n, Trial::first), median(n, Trial::reported), median(n, Trial::engine)));
    }
    t.print(out);
    if (names.size() == 2) {
      String a = names.get(0);
      String b = names.get(1);
      out.printf(Locale.ROOT, "%s / %s, medians of all running: %.2fx reported, %.2fx engine (above 1: %s is faster)%n", b, a,
          ratio(median(b, Trial::reported), median(a, Trial::reported)), ratio(median(b, Trial::engine), median(a, Trial::engine)), a);
    }
    out.flush();
  }

  private static void row(Table t, String round, String name, Trial trial) {
    t.row(round, name, seconds(trial.placed()), seconds(trial.first()), seconds(trial.reported()), seconds(trial.engine()));
  }

  static double ratio(Duration numerator, Duration denominator) {
    return denominator.isZero() ? Double.NaN : (double) numerator.toNanos() / denominator.toNanos();
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
  }
}
