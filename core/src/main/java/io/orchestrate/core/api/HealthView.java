package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /v1/health}: this manager's own view, answered without a quorum.
 *
 * @param status {@code ok}, {@code no-leader}, or {@code failed} when this manager stopped applying
 *               the log (answered with 503 so that a load balancer and a supervisor both notice)
 * @param problem what failed, when {@code status} is {@code failed}
 * @param featureLevel the highest cluster feature level this manager's build supports: how the
 *               leader learns it before the cluster's level lets managers write it into the log
 *               (absent from a manager of a release before levels: the baseline)
 */
public record HealthView(String status, String id, String role, String leader, long term, long appliedIndex,
    @JsonInclude(JsonInclude.Include.NON_NULL) String problem, @JsonInclude(JsonInclude.Include.NON_NULL) Integer featureLevel) {
  public HealthView(String status, String id, String role, String leader, long term, long appliedIndex) {
    this(status, id, role, leader, term, appliedIndex, null);
  }

  public HealthView(String status, String id, String role, String leader, long term, long appliedIndex, String problem) {
    this(status, id, role, leader, term, appliedIndex, problem, io.orchestrate.core.feature.FeatureLevel.HIGHEST);
  }
}
