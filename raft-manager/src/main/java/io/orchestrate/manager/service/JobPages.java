package io.orchestrate.manager.service;

import io.orchestrate.core.api.JobView;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.JobSummary;
import io.orchestrate.core.model.Task;
import io.orchestrate.manager.state.JobKey;
import io.orchestrate.manager.state.PersistentSet;
import io.orchestrate.manager.state.StateImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Pages of {@code GET /v1/jobs}, in submission order ({@link JobKey}). A page seeks to its cursor
 * and reads forward. Job summaries carry their tasks, so besides {@code limit} a page ends once its
 * jobs hold {@link PageLimits#MAX_TASKS_PER_JOB_PAGE} tasks; a {@code status} filter reads each
 * candidate's tasks to derive its status, and counts them against {@link PageLimits#SCAN_BUDGET}.
 */
public final class JobPages {
  private JobPages() {}

  public static Page<JobView> page(StateImage img, JobQuery q) {
    return page(img, q, PageLimits.SCAN_BUDGET, PageLimits.MAX_TASKS_PER_JOB_PAGE);
  }

  static Page<JobView> page(StateImage img, JobQuery q, int budget, int maxTasks) {
    Iterator<JobKey> it = img.order().jobsAfter(q.after());
    List<JobView> out = new ArrayList<>(Math.min(q.limit(), 1024));
    JobKey last = null;
    long examined = 0;
    long tasksOnPage = 0;
    while (it.hasNext()) {
      if (out.size() == q.limit() || examined >= budget || tasksOnPage >= maxTasks) return new Page<>(out, Cursor.of(last));
      JobKey k = it.next();
      last = k;
      Job j = img.jobs().get(k.id());
      PersistentSet<String> taskIds = img.jobTasks().getOrDefault(k.id(), PersistentSet.empty());
      examined += 1 + (q.status() == null ? 0 : taskIds.size());
      if (j == null || (q.status() != null && !q.status().equals(status(img, j, taskIds)))) continue;
      out.add(Views.jobSummary(img, j));
      tasksOnPage += taskIds.size();
    }
    return new Page<>(out, null);
  }

  private static String status(StateImage img, Job j, PersistentSet<String> taskIds) {
    List<Task> tasks = new ArrayList<>(taskIds.size());
    for (String id : taskIds) {
      Task t = img.tasks().get(id);
      if (t != null) tasks.add(t);
    }
    return JobSummary.status(j, tasks);
  }
}
