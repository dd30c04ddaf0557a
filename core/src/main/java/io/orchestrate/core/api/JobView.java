package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.spec.JobSpec;
import java.util.List;

/**
 * A job as the API shows it: its summary status, its spec and its tasks. The spec is always held
 * redacted (secret names, no values), so no view built from a stored spec can show a secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
    String id, String name, String status, String createdAt, String stoppedAt, JobSpec spec, List<TaskView> tasks) {

  public JobView {
    spec = spec == null ? null : spec.redacted();
  }
}
