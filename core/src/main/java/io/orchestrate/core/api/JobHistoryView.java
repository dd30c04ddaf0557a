package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A job's kept versions, oldest first ({@code GET /v1/jobs/{id}/versions}). */
public record JobHistoryView(String id, String name, int version, List<Version> versions) {

  /**
   * @param changes what changed from the version before, one line per group; empty for a first version
   * @param note    how the version came ("run", "scale api to 3", "revert to version 2"), or absent
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Version(int version, String submittedAt, List<String> changes, String note) {}
}
