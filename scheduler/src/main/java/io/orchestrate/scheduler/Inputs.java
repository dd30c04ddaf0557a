package io.orchestrate.scheduler;

import io.orchestrate.core.spec.Resources;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Checks and defensive copies shared by the input records; every message names the field. */
final class Inputs {
  private Inputs() {}

  static void requireNonNegative(Resources r, String field) {
    if (!Double.isFinite(r.cpu()) || r.cpu() < 0) {
      throw new IllegalArgumentException(field + ".cpu must be a finite number >= 0, was " + r.cpu());
    }
    if (r.memoryMb() < 0) throw new IllegalArgumentException(field + ".memoryMb must be >= 0, was " + r.memoryMb());
    if (r.diskMb() < 0) throw new IllegalArgumentException(field + ".diskMb must be >= 0, was " + r.diskMb());
  }

  /** Sorted so that reasons and equality do not depend on the caller's map type. */
  static Map<String, String> copyLabels(Map<String, String> in, String field) {
    if (in == null || in.isEmpty()) return Map.of();
    TreeMap<String, String> out = new TreeMap<>();
    in.forEach((k, v) -> {
      if (k == null || v == null) throw new IllegalArgumentException(field + " must not hold null keys or values");
      out.put(k, v);
    });
    return Collections.unmodifiableMap(out);
  }

  /** Sorted, so that task classes and reasons do not depend on the caller's set type. */
  static java.util.Set<String> copyNames(java.util.Set<String> in, String field) {
    if (in == null || in.isEmpty()) return java.util.Set.of();
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    for (String s : in) {
      if (s == null) throw new IllegalArgumentException(field + " must not hold null");
      out.add(s);
    }
    return Collections.unmodifiableSet(out);
  }

  static Map<String, Integer> copyCounts(Map<String, Integer> in, String field) {
    if (in == null || in.isEmpty()) return Map.of();
    TreeMap<String, Integer> out = new TreeMap<>();
    in.forEach((k, v) -> {
      if (k == null || v == null) throw new IllegalArgumentException(field + " must not hold null keys or values");
      if (v < 0) throw new IllegalArgumentException(field + "[" + k + "] must be >= 0, was " + v);
      out.put(k, v);
    });
    return Collections.unmodifiableMap(out);
  }
}
