package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.spec.UpdatePolicy;
import java.util.List;

/**
 * The answer to a dry run ({@code POST /v1/jobs?dryRun=true}): what submitting the file would do,
 * computed without changing anything.
 *
 * @param jobId       the live job the file would change, or null when it would create a new job
 * @param fromVersion the live version, or null for a new job
 * @param toVersion   the version the submission would make (the live one when unchanged)
 * @param unchanged   true when the file is the live version: submitting it changes nothing
 * @param groups      per group: the change, the fields that differ, and the tasks created and stopped
 * @param placeable   whether every task the submission creates fits a ready node now
 * @param unplaced    the scheduler's reason for each new task that would not fit, "group[index]: reason"
 * @param jobChanges  job-level fields that change ("scheduler: epvm -> spread"); they touch no running task
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobPlanView(String name, String jobId, Integer fromVersion, int toVersion, boolean unchanged, List<Group> groups,
    int create, int replace, int stop, boolean placeable, List<String> unplaced, List<String> jobChanges) {

  /**
   * @param change  unchanged, scaled, replaced, added or removed
   * @param create  new tasks of this group
   * @param stop    live tasks of this group that stop
   * @param rolling for a replaced group with an update block, the settings its deployment replaces the
   *                tasks with (so many at a time, in that order); null when the change is made at once
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Group(String name, String change, List<String> fields, int fromCount, int toCount, int create, int stop, UpdatePolicy rolling) {
    /** A group whose change is made at once. */
    public Group(String name, String change, List<String> fields, int fromCount, int toCount, int create, int stop) {
      this(name, change, fields, fromCount, toCount, create, stop, null);
    }
  }
}
