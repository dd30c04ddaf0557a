package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /v1/health}: this manager's own view, answered without a quorum. Only {@code ok} is
 * answered with 200; every other status with 503 and the same body, so that a load balancer, a
 * supervisor and a person reading it all see why.
 *
 * @param status  {@code ok} (a leader is known: this manager leads, or forwards to the leader),
 *                {@code starting} (the Raft server is not up yet, or no leader was elected yet
 *                shortly after start), {@code no-leader} (no leader known past that: a quorum of
 *                managers is down or unreachable), or {@code failed} (this manager stopped
 *                applying the log)
 * @param problem why this manager cannot serve; absent when {@code status} is {@code ok}
 * @param featureLevel the highest cluster feature level this manager's build supports: how the
 *               leader learns it before the cluster's level lets managers write it into the log
 *               (absent from a manager of a release before levels: the baseline)
 * @param version the manager's build version, as {@code orchestrate version} shows it (absent from
 *               a manager of a release before it reported one)
 */
public record HealthView(String status, String id, String role, String leader, long term, long appliedIndex,
    @JsonInclude(JsonInclude.Include.NON_NULL) String problem, @JsonInclude(JsonInclude.Include.NON_NULL) Integer featureLevel,
    @JsonInclude(JsonInclude.Include.NON_NULL) String version) {
  public static final String OK = "ok";
  public static final String STARTING = "starting";
  public static final String NO_LEADER = "no-leader";
  public static final String FAILED = "failed";

  public HealthView(String status, String id, String role, String leader, long term, long appliedIndex) {
    this(status, id, role, leader, term, appliedIndex, null);
  }

  public HealthView(String status, String id, String role, String leader, long term, long appliedIndex, String problem) {
    this(status, id, role, leader, term, appliedIndex, problem, io.orchestrate.core.feature.FeatureLevel.HIGHEST);
  }

  public HealthView(String status, String id, String role, String leader, long term, long appliedIndex, String problem,
      Integer featureLevel) {
    this(status, id, role, leader, term, appliedIndex, problem, featureLevel, BuildInfo.version());
  }

  /** The same view, saying this manager supports cluster feature levels up to {@code level}. */
  public HealthView withFeatureLevel(int level) {
    return new HealthView(status, id, role, leader, term, appliedIndex, problem, level, version);
  }

  /** Whether this manager can serve requests (answered with 200; anything else with 503). */
  @JsonIgnore
  public boolean serving() {
    return OK.equals(status);
  }
}
