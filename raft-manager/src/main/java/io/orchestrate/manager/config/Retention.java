package io.orchestrate.manager.config;

import io.orchestrate.core.util.DurationText;
import java.time.Duration;

/**
 * How long the managers keep a record that has ended (a stopped or finished job, a DOWN node)
 * before the leader collects it, or {@link #OFF} to keep such records forever.
 *
 * <p>Zero is refused rather than read as "off" or as "at once": either reading would surprise
 * someone, and "collect a job the moment it ends" would also expire its idempotency key before a
 * client could retry. An operator who wants everything ended gone now runs {@code orchestrate gc
 * --jobs-older-than 0}.
 *
 * @param keep how long to keep an ended record; null for {@link #OFF}
 */
public record Retention(Duration keep) {
  public static final Retention OFF = new Retention(null);
  public static final Retention DEFAULT = new Retention(Duration.ofHours(24));

  public Retention {
    if (keep != null && (keep.isZero() || keep.isNegative())) {
      throw new IllegalArgumentException("a retention must be more than zero, or off (got " + keep + ")");
    }
  }

  public static Retention of(Duration keep) {
    return new Retention(keep);
  }

  /** Reads {@code off} or a duration ({@link DurationText}); {@code field} names the flag or key in the error. */
  public static Retention parse(String text, String field) {
    if (text != null && text.strip().equalsIgnoreCase("off")) return OFF;
    Duration d = DurationText.parse(text, field);
    if (d.isZero()) {
      throw new IllegalArgumentException(field + " must be more than zero, or 'off' to keep ended records forever (got '" + text.strip() + "')");
    }
    return new Retention(d);
  }

  public boolean off() {
    return keep == null;
  }

  /** Records that ended at or before this time are collectable; {@link Long#MIN_VALUE} (nothing) when off. */
  public long cutoff(long nowMillis) {
    return off() ? Long.MIN_VALUE : nowMillis - keep.toMillis();
  }

  @Override
  public String toString() {
    return off() ? "off" : DurationText.format(keep);
  }
}
