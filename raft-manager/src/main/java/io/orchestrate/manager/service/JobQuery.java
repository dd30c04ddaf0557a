package io.orchestrate.manager.service;

import io.orchestrate.manager.state.JobKey;
import java.util.List;

/**
 * One page request of {@code GET /v1/jobs}.
 *
 * @param status only jobs whose summary status is this (one of {@link #STATUSES}), or null for all
 * @param after  the previous page's last key; null for the first page
 * @param limit  most jobs on the page, 1..{@link PageLimits#MAX_LIMIT}
 */
public record JobQuery(String status, JobKey after, int limit) {
  /** The statuses {@link io.orchestrate.core.model.JobSummary#status} gives. */
  public static final List<String> STATUSES = List.of("pending", "running", "complete", "failed", "stopped");

  public JobQuery {
    if (limit < 1 || limit > PageLimits.MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + PageLimits.MAX_LIMIT + ", got " + limit);
    if (status != null && !STATUSES.contains(status)) throw new IllegalArgumentException("unknown status " + status);
  }

  public static JobQuery all(int limit) {
    return new JobQuery(null, null, limit);
  }
}
