package io.orchestrate.manager.service;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.manager.state.TaskKey;

/**
 * One page request of {@code GET /v1/tasks}. Every filter is optional (null).
 *
 * @param job   a job id, or a name (its most recent job)
 * @param node  tasks placed on this node, in any state (a PENDING task is on no node)
 * @param state tasks in this state
 * @param after the previous page's last key; null for the first page
 * @param limit most tasks on the page, 1..{@link PageLimits#MAX_LIMIT}
 */
public record TaskQuery(String job, String node, TaskState state, TaskKey after, int limit) {
  public TaskQuery {
    if (limit < 1 || limit > PageLimits.MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + PageLimits.MAX_LIMIT + ", got " + limit);
  }

  public static TaskQuery all(int limit) {
    return new TaskQuery(null, null, null, null, limit);
  }
}
