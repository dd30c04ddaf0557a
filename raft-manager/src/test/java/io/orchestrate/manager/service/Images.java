package io.orchestrate.manager.service;

import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobStatus;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.state.StateImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds state images for the read tests directly, without commands: jobs with N tasks each. */
final class Images {
  static final long T0 = 1_700_000_000_000L;

  private Images() {}

  static Job job(String id, String name, long createdAt, int... counts) {
    List<TaskSpec> groups = new ArrayList<>();
    for (int g = 0; g < counts.length; g++) {
      groups.add(new TaskSpec(counts.length == 1 ? "app" : "g" + g, "local/busybox:1", null, Map.of(), counts[g], null, null, null, null, null));
    }
    return new Job(id, name, new JobSpec(name, groups), JobStatus.RUNNING, createdAt, 0, null, 1);
  }

  /** Adds {@code j} and one PENDING task per instance, ids {@code <job id>-t<n>}. */
  static StateImage withJob(StateImage s, Job j) {
    s = s.withJob(j);
    int n = 0;
    for (TaskSpec g : j.spec().tasks()) {
      for (int i = 0; i < g.count(); i++) s = s.withTask(Task.pending(j.id() + "-t" + (n++), j.id(), g.name(), i, j.createdAtMillis(), 1));
    }
    return s;
  }

  /** {@code jobs} one-task jobs {@code j-00000..}, submitted one millisecond apart. */
  static StateImage jobs(int jobs) {
    StateImage s = StateImage.EMPTY;
    for (int i = 0; i < jobs; i++) s = withJob(s, job(String.format("j-%05d", i), "job-" + i, T0 + i, 1));
    return s;
  }
}
