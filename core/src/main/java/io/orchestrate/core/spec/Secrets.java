package io.orchestrate.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A task's secrets: environment variables whose values reach the worker that runs the task and are
 * never shown. Names are not secret; values are.
 *
 * <p>Jackson writes the values in full, as a plain name → value map, because every encoding made
 * with it must reproduce the task: the Raft log, the managers' store, the desired set sent to the
 * placed worker and that worker's own store. What a person sees goes through {@link #redacted()}
 * (every API view of a spec; see {@link JobSpec#redacted()}) or {@link #toString()} (log lines, and
 * the default {@code toString} of every record that holds a spec), and neither carries a value.
 *
 * <p>Immutable; names are sorted so that encodings are deterministic. A null value (or a null name,
 * kept as "null") is kept for {@link JobSpecValidator} to report by name.
 */
public final class Secrets {
  /** What every view shows in place of a value. */
  public static final String REDACTED = "<redacted>";
  public static final Secrets NONE = new Secrets(Map.of());

  private final Map<String, String> values;

  private Secrets(Map<String, String> values) {
    this.values = values;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Secrets of(Map<String, String> values) {
    if (values == null || values.isEmpty()) return NONE;
    Map<String, String> m = new TreeMap<>();
    values.forEach((k, v) -> m.put(k == null ? "null" : k, v));
    return new Secrets(Collections.unmodifiableMap(m));
  }

  /**
   * Names to values, for the code that must hand them on (encodings, the drivers). Never log or
   * render this map; render the {@code Secrets} itself.
   */
  @JsonValue
  public Map<String, String> values() {
    return values;
  }

  public Set<String> names() {
    return values.keySet();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The same names, each with the value {@link #REDACTED}. */
  public Secrets redacted() {
    if (values.isEmpty()) return this;
    Map<String, String> m = new TreeMap<>();
    for (String name : values.keySet()) m.put(name, REDACTED);
    return new Secrets(Collections.unmodifiableMap(m));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secrets s && s.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** The names only, so that no log line or record {@code toString} can carry a value. */
  @Override
  public String toString() {
    return redacted().values.toString();
  }
}
