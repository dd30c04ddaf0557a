package io.orchestrate.core.util;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them in flags, config files and query parameters: {@code 500ms},
 * {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}, or a bare number of seconds. Zero is allowed
 * here; whoever needs more than zero says so with its own field name.
 */
public final class DurationText {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

  private DurationText() {}

  /** @param field the flag, key or parameter the text came from, named in the error */
  public static Duration parse(String text, String field) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException(field + " is empty; give a duration like 30m, 24h or 7d");
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) throw new IllegalArgumentException(field + ": '" + text + "' is not a duration (examples: 0s, 30m, 24h, 7d)");
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /**
   * An exact text {@link #parse} reads back, in the largest whole unit: {@code 7d}, {@code 24h}
   * (a single day reads better in hours, as the defaults are documented), {@code 90s}, {@code 1500ms}.
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 86_400_000L == 0 && ms > 86_400_000L) return ms / 86_400_000L + "d";
    if (ms != 0 && ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
    if (ms != 0 && ms % 60_000L == 0) return ms / 60_000L + "m";
    if (ms % 1_000L == 0) return ms / 1_000L + "s";
    return ms + "ms";
  }
}
