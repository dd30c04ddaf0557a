package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.spec.JobSpec;
import java.util.List;

/**
 * A job as the API shows it: its summary status, its spec and its tasks. The spec is always held
 * redacted (secret names, no values), so no view built from a stored spec can show a secret.
 * {@code version} is the job's current version; {@code unchanged} is true in the answer to a
 * submission whose file was the live version's (nothing was changed), else absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
    String id, String name, String status, String createdAt, String stoppedAt, JobSpec spec, List<TaskView> tasks, Integer version,
    Boolean unchanged) {

  public JobView {
    spec = spec == null ? null : spec.redacted();
  }

  /** A view that does not say the job's version. */
  public JobView(String id, String name, String status, String createdAt, String stoppedAt, JobSpec spec, List<TaskView> tasks) {
    this(id, name, status, createdAt, stoppedAt, spec, tasks, null, null);
  }

  /** This view with {@code unchanged} set: the answer to a submission that made no new version. */
  public JobView withUnchanged(boolean value) {
    return new JobView(id, name, status, createdAt, stoppedAt, spec, tasks, version, value);
  }
}
