package io.orchestrate.core.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a user submits: a named group of task specs. Field names are part of the public job-file format. */
public record JobSpec(String name, List<TaskSpec> tasks) {
  public JobSpec {
    tasks = tasks == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tasks));
  }

  /** This spec as a view may show it: every task's secret values replaced by {@link Secrets#REDACTED}. */
  public JobSpec redacted() {
    if (tasks.stream().allMatch(t -> t == null || t.secrets().isEmpty())) return this;
    return new JobSpec(name, tasks.stream().map(t -> t == null ? null : t.redacted()).toList());
  }

  /** Total number of task instances (sum of counts). */
  public int instanceCount() {
    int n = 0;
    for (TaskSpec t : tasks) n += t == null ? 0 : t.count();
    return n;
  }
}
