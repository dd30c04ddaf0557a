package io.orchestrate.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a user submits: a named group of task specs. Field names are part of the public job-file format.
 *
 * @param scheduler the placement algorithm for this job's tasks (one of {@link #SCHEDULERS}), or
 *                  null for the managers' configured one; left out of encodings when absent, so a
 *                  job without it encodes as it always did
 */
public record JobSpec(String name, List<TaskSpec> tasks, @JsonInclude(JsonInclude.Include.NON_NULL) String scheduler) {
  /** The placement algorithms a job may name in {@code scheduler}; the scheduler module's names (a test keeps them in step). */
  public static final List<String> SCHEDULERS = List.of("round-robin", "epvm", "binpack", "spread");

  public JobSpec {
    tasks = tasks == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tasks));
  }

  /** A job placed by the managers' configured algorithm. */
  public JobSpec(String name, List<TaskSpec> tasks) {
    this(name, tasks, null);
  }

  /** This spec with other task groups, the job-level fields kept. */
  public JobSpec withTasks(List<TaskSpec> next) {
    return new JobSpec(name, next, scheduler);
  }

  /** This spec as a view may show it: every task's secret values replaced by {@link Secrets#REDACTED}. */
  public JobSpec redacted() {
    if (tasks.stream().allMatch(t -> t == null || t.secrets().isEmpty())) return this;
    return new JobSpec(name, tasks.stream().map(t -> t == null ? null : t.redacted()).toList(), scheduler);
  }

  /** Total number of task instances (sum of counts). */
  public int instanceCount() {
    int n = 0;
    for (TaskSpec t : tasks) n += t == null ? 0 : t.count();
    return n;
  }
}
