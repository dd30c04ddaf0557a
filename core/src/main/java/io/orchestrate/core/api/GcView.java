package io.orchestrate.core.api;

import java.util.List;

/**
 * The answer to {@code POST /v1/gc}: what one collection removed. Counts are complete; the id
 * lists hold at most {@link #MAX_LISTED} each, so the answer stays small however much went.
 *
 * @param jobsEndedBy     jobs that ended at or before this time (epoch ms) were collectable; null
 *                        when jobs were not collected (retention off and no override)
 * @param nodesDownBy     DOWN nodes down since this time (epoch ms) or earlier were collectable; null
 *                        when nodes were not collected
 * @param jobs            jobs removed
 * @param tasks           task records removed with those jobs
 * @param idempotencyKeys idempotency keys removed with those jobs
 * @param nodes           nodes removed
 * @param jobIds          the first {@link #MAX_LISTED} removed jobs
 * @param nodeIds         the first {@link #MAX_LISTED} removed nodes
 * @param remaining       collectable records left for a later collection, because one collection
 *                        removes a bounded number (0 when everything collectable went)
 */
public record GcView(Long jobsEndedBy, Long nodesDownBy, int jobs, int tasks, int idempotencyKeys, int nodes, List<String> jobIds,
    List<String> nodeIds, int remaining) {
  public static final int MAX_LISTED = 100;

  public GcView {
    jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    nodeIds = nodeIds == null ? List.of() : List.copyOf(nodeIds);
  }
}
