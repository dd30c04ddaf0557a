package io.orchestrate.cli.logging;

import java.util.Locale;

/** How log lines are written: text for people, JSON (one object per line) for log shippers. */
public enum LogFormat {
  TEXT,
  JSON;

  /** The format named {@code value} in any case; null when it names none. */
  static LogFormat named(String value) {
    if (value == null) return null;
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
