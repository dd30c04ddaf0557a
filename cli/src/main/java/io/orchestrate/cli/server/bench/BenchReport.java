package io.orchestrate.cli.server.bench;

import io.orchestrate.cli.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  public Duration medianReported(String contender) {
    return median(trials(contender).stream().map(Trial::reported).toList());
  }

  public Duration medianEngine(String contender) {
    return median(trials(contender).stream().map(Trial::engine).toList());
  }

  public void print(PrintWriter out) {
    List<String> names = trials.keySet().stream().filter(n -> !trials.get(n).isEmpty()).toList();
    List<String> header = new ArrayList<>();
    header.add("ROUND");
    for (String n : names) {
      header.add(n.toUpperCase(Locale.ROOT) + " REPORTED");
      header.add(n.toUpperCase(Locale.ROOT) + " ENGINE");
    }
    Table t = new Table(header.toArray(String[]::new));
    int rounds = names.stream().mapToInt(n -> trials.get(n).size()).max().orElse(0);
    for (int r = 0; r < rounds; r++) {
      List<Object> row = new ArrayList<>();
      row.add(r + 1);
      for (String n : names) {
        List<Trial> list = trials.get(n);
        row.add(r < list.size() ? seconds(list.get(r).reported()) : "-");
        row.add(r < list.size() ? seconds(list.get(r).engine()) : "-");
      }
      t.row(row.toArray());
    }
    List<Object> median = new ArrayList<>();
    median.add("median");
    for (String n : names) {
      median.add(seconds(medianReported(n)));
      median.add(seconds(medianEngine(n)));
    }
    t.row(median.toArray());
    t.print(out);
    if (names.size() == 2) {
      String a = names.get(0);
      String b = names.get(1);
      out.printf(Locale.ROOT, "%s / %s, medians: %.2fx reported, %.2fx engine (above 1: %s is faster)%n", b, a,
          ratio(medianReported(b), medianReported(a)), ratio(medianEngine(b), medianEngine(a)), a);
    }
    out.flush();
  }

  static double ratio(Duration numerator, Duration denominator) {
    return denominator.isZero() ? Double.NaN : (double) numerator.toNanos() / denominator.toNanos();
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
  }
}
