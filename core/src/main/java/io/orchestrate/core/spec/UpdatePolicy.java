package io.orchestrate.core.spec;

import java.util.List;

/**
 * How a task group's tasks are replaced when a new job version changes what its containers are
 * made from (or on a rolling restart): {@code maxParallel} slots at a time; a new task counts once
 * it has been healthy (RUNNING, for a task without a health check) for {@code minHealthySeconds};
 * a new task not counted within {@code healthyDeadlineSeconds} of its creation fails the
 * deployment, which with {@code autoRevert} rolls the last version whose deployment succeeded out
 * again. {@code order} says whether a slot's new task starts before its old one stops. Absent
 * fields take the defaults below (Nomad's, except that the order is named).
 */
public record UpdatePolicy(Integer maxParallel, Integer minHealthySeconds, Integer healthyDeadlineSeconds, Boolean autoRevert, String order) {
  public static final int DEFAULT_MAX_PARALLEL = 1;
  public static final int DEFAULT_MIN_HEALTHY_SECONDS = 10;
  public static final int DEFAULT_HEALTHY_DEADLINE_SECONDS = 300;
  public static final String START_FIRST = "start-first";
  public static final String STOP_FIRST = "stop-first";
  public static final List<String> ORDERS = List.of(START_FIRST, STOP_FIRST);
  /** Bounds the validator holds a job file to. */
  public static final int MAX_SECONDS = 3600;

  public UpdatePolicy {
    if (maxParallel == null) maxParallel = DEFAULT_MAX_PARALLEL;
    if (minHealthySeconds == null) minHealthySeconds = DEFAULT_MIN_HEALTHY_SECONDS;
    if (healthyDeadlineSeconds == null) healthyDeadlineSeconds = DEFAULT_HEALTHY_DEADLINE_SECONDS;
    if (autoRevert == null) autoRevert = false;
    if (order == null) order = STOP_FIRST;
  }

  public static UpdatePolicy defaults() {
    return new UpdatePolicy(null, null, null, null, null);
  }

  public boolean startFirst() {
    return START_FIRST.equals(order);
  }

  /** What is wrong with this policy, each problem naming its field under {@code at}. */
  static void problems(List<String> p, String at, UpdatePolicy u, int count) {
    if (u.maxParallel() < 1 || u.maxParallel() > JobSpecValidator.MAX_COUNT) {
      p.add(at + ".maxParallel must be between 1 and " + JobSpecValidator.MAX_COUNT + " (got " + u.maxParallel() + ")");
    }
    if (u.minHealthySeconds() < 0 || u.minHealthySeconds() > MAX_SECONDS) {
      p.add(at + ".minHealthySeconds must be between 0 and " + MAX_SECONDS + " (got " + u.minHealthySeconds() + ")");
    }
    if (u.healthyDeadlineSeconds() < 1 || u.healthyDeadlineSeconds() > MAX_SECONDS) {
      p.add(at + ".healthyDeadlineSeconds must be between 1 and " + MAX_SECONDS + " (got " + u.healthyDeadlineSeconds() + ")");
    } else if (u.healthyDeadlineSeconds() <= u.minHealthySeconds()) {
      p.add(at + ".healthyDeadlineSeconds must be more than minHealthySeconds (" + u.minHealthySeconds() + "; got " + u.healthyDeadlineSeconds() + ")");
    }
    if (!ORDERS.contains(u.order())) p.add(at + ".order must be one of " + String.join(", ", ORDERS) + " (got '" + u.order() + "')");
  }
}
