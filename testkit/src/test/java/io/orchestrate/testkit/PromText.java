package io.orchestrate.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape in the Prometheus text format, read line by line: enough for tests to find a series and its value. */
record PromText(String text) {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*\\})? (\\S+)$");
  // Label values may hold braces (route="/v1/jobs/{id}"), so a label block is read quote-aware.

  record Sample(String name, String labels, double value) {
    boolean has(String label, String value) {
      return labels.contains(label + "=\"" + value + "\"");
    }
  }

  List<Sample> samples(String name) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches() && m.group(1).equals(name)) {
        out.add(new Sample(name, m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))));
      }
    }
    return out;
  }

  /** The one sample of {@code name} carrying every {@code label=value} pair given; fails when none or several. */
  double value(String name, String... labelPairs) {
    List<Sample> found = new ArrayList<>();
    for (Sample s : samples(name)) {
      boolean all = true;
      for (int i = 0; i < labelPairs.length; i += 2) all &= s.has(labelPairs[i], labelPairs[i + 1]);
      if (all) found.add(s);
    }
    if (found.size() != 1) throw new AssertionError(found.size() + " samples of " + name + " " + List.of(labelPairs) + " in:\n" + text);
    return found.get(0).value();
  }

  /** The value, or {@code dflt} when no sample matches. */
  double valueOr(double dflt, String name, String... labelPairs) {
    for (Sample s : samples(name)) {
      boolean all = true;
      for (int i = 0; i < labelPairs.length; i += 2) all &= s.has(labelPairs[i], labelPairs[i + 1]);
      if (all) return s.value();
    }
    return dflt;
  }
}
