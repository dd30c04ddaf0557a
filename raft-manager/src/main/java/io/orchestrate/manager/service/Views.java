package io.orchestrate.manager.service;

import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobSummary;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.Unplaced;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Renders state records as the API's wire views. */
public final class Views {
  private Views() {}

  public static JobView job(StateImage s, Job j) {
    List<Task> tasks = s.tasksOf(j.id());
    List<TaskView> tv = new ArrayList<>(tasks.size());
    for (Task t : tasks) tv.add(task(s, t));
    return new JobView(j.id(), j.name(), JobSummary.status(j, tasks), time(j.createdAtMillis()),
        j.stoppedAtMillis() == 0 ? null : time(j.stoppedAtMillis()), j.spec(), tv, j.jobVersion(), null);
  }

  /** A job without its spec, for lists. */
  public static JobView jobSummary(StateImage s, Job j) {
    JobView full = job(s, j);
    return new JobView(full.id(), full.name(), full.status(), full.createdAt(), full.stoppedAt(), null, full.tasks(), full.version(), null);
  }

  /**
   * A task as of image {@code s}. A PENDING task without a replicated reason in a cluster with no
   * nodes shows {@link Unplaced#NO_NODES}: the scheduling loop does not plan (nor write reasons)
   * while there is no node, and the reason follows from the replicated node set on any manager.
   */
  public static TaskView task(StateImage s, Task t) {
    String reason = t.reason();
    if (reason == null && t.state() == TaskState.PENDING && s.nodes().isEmpty()) reason = Unplaced.NO_NODES;
    return new TaskView(t.id(), t.jobId(), t.group(), t.index(), t.state().name(), t.node(), t.restarts(),
        t.containerId(), t.exitCode(), reason, time(t.updatedAtMillis()), t.attempt(), t.replaces(), t.replacedBy(),
        t.health(), t.createdFromVersion());
  }

  static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
