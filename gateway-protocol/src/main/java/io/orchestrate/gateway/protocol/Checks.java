package io.orchestrate.gateway.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Field checks shared by the message records; every failure names the message and field. */
final class Checks {
  private Checks() {}

  static String text(String value, String field) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " must not be blank");
    return value;
  }

  static String instant(String value, String field) {
    text(value, field);
    try {
      java.time.Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(field + " must be an ISO-8601 instant such as 2026-01-02T03:04:05.123456Z, was '"
          + (value.length() > 64 ? value.substring(0, 64) + "..." : value) + "'");
    }
    return value;
  }

  static <T> T present(T value, String field) {
    if (value == null) throw new IllegalArgumentException(field + " must not be null");
    return value;
  }

  static long term(long term, String message) {
    if (term < 1) throw new IllegalArgumentException(message + ".term must be at least 1, was " + term);
    return term;
  }

  static long notNegative(long value, String field) {
    if (value < 0) throw new IllegalArgumentException(field + " must not be negative, was " + value);
    return value;
  }

  static long positive(long value, String field) {
    if (value <= 0) throw new IllegalArgumentException(field + " must be positive, was " + value);
    return value;
  }

  static <T> List<T> list(List<T> values, String field) {
    if (values == null) return List.of();
    List<T> copy = new ArrayList<>(values);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i) == null) throw new IllegalArgumentException(field + "[" + i + "] must not be null");
    }
    return Collections.unmodifiableList(copy);
  }

  static Map<String, String> map(Map<String, String> values, String field) {
    if (values == null) return Map.of();
    Map<String, String> copy = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k == null) throw new IllegalArgumentException(field + " must not have a null key");
      if (v == null) throw new IllegalArgumentException(field + "['" + k + "'] must not be null");
      copy.put(k, v);
    });
    return Collections.unmodifiableMap(copy);
  }
}
