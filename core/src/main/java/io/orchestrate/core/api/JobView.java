package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.spec.JobSpec;
import java.util.List;

/** A job as the API shows it: its summary status, its spec and its tasks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
    String id, String name, String status, String createdAt, String stoppedAt, JobSpec spec, List<TaskView> tasks) {}
