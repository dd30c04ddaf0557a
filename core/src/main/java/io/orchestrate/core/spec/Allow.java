package io.orchestrate.core.spec;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The risky modes a worker runs only when its operator allows them ({@code orchestrate worker
 * --allow host-network,process-driver}). A worker reports what it allows when it registers, and
 * the scheduler places a task that needs a mode only on a node that allows it. A node that reports
 * nothing (a worker of a release before this one, or one started without the flag) allows nothing.
 *
 * <ul>
 *   <li>{@link #HOST_NETWORK}: tasks with {@code network: host}, which share the host's network
 *       stack: they can bind any host port and reach every service listening on the host's loopback.
 *   <li>{@link #PROCESS_DRIVER}: the worker may run with {@code --driver process}, which runs any
 *       submitted command as a child process with the worker's own user and no isolation.
 * </ul>
 */
public final class Allow {
  public static final String HOST_NETWORK = "host-network";
  public static final String PROCESS_DRIVER = "process-driver";
  public static final List<String> ALL = List.of(HOST_NETWORK, PROCESS_DRIVER);

  private Allow() {}

  /** The modes a task of {@code spec} needs from the node it runs on; empty for most tasks. */
  public static Set<String> requiredBy(TaskSpec spec) {
    return requiredBy(spec.network());
  }

  /** The modes a task on {@code network} needs. */
  public static Set<String> requiredBy(String network) {
    return NetworkMode.HOST.equals(network) ? Set.of(HOST_NETWORK) : Set.of();
  }

  /**
   * Parses "host-network,process-driver" (blanks and repeats ignored) into a sorted set.
   *
   * @throws IllegalArgumentException naming {@code field} and the unknown entry
   */
  public static Set<String> parse(String commaSeparated, String field) {
    TreeSet<String> out = new TreeSet<>();
    if (commaSeparated == null) return Collections.unmodifiableSet(out);
    for (String s : commaSeparated.split(",")) {
      String v = s.trim();
      if (v.isEmpty()) continue;
      if (!ALL.contains(v)) {
        throw new IllegalArgumentException(field + " entry '" + v + "' is not one of " + String.join(", ", ALL));
      }
      out.add(v);
    }
    return Collections.unmodifiableSet(out);
  }
}
