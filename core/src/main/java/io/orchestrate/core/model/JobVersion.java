package io.orchestrate.core.model;

import io.orchestrate.core.spec.JobSpec;
import java.util.List;

/**
 * One kept version of a job: the spec it ran, when it was submitted, and what changed from the
 * version before it. A job keeps its last {@link Job#KEPT_VERSIONS} versions.
 *
 * @param version          1 for the job's first spec, then one more for each change
 * @param spec             the whole spec of this version (revert submits it again)
 * @param submittedAtMillis the leader's time in the command that made this version
 * @param changes          what changed from the previous version, one line per group ("api: count 2 -> 3"); empty for the first
 * @param note             how it came (run, scale, revert), or null
 * @param idempotencyKey   the key the request that made it carried, or null
 */
public record JobVersion(int version, JobSpec spec, long submittedAtMillis, List<String> changes, String note, String idempotencyKey) {
  public JobVersion {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }
}
