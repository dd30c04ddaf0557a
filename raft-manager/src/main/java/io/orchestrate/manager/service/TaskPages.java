package io.orchestrate.manager.service;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.manager.state.PersistentSet;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.manager.state.TaskKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Pages of {@code GET /v1/tasks}, in {@link TaskKey} order (by job, then slot, then attempt). A page
 * seeks to its cursor in the image's sorted order and reads forward, so its cost does not grow with
 * the number of tasks before it: O(log n + examined), where a filter may examine up to
 * {@link PageLimits#SCAN_BUDGET} tasks. {@code ?job=} reads only that job's contiguous range;
 * {@code ?node=} with a placed state (SCHEDULED, RUNNING) reads the node's own index instead.
 */
public final class TaskPages {
  private TaskPages() {}

  /** @throws ApiException NOT_FOUND when {@code q.job()} names no job */
  public static Page<TaskView> page(StateImage img, TaskQuery q) {
    String jobId = q.job() == null ? null : resolveJob(img, q.job(), q.after());
    if (q.node() != null && q.state() != null && q.state().isPlaced()) return fromNodeIndex(img, q, jobId);
    return scan(img, q, jobId, PageLimits.SCAN_BUDGET);
  }

  /** The walk behind {@link #page}: {@code jobId} already resolved, the budget explicit so that tests can make it small. */
  static Page<TaskView> scan(StateImage img, TaskQuery q, String jobId, int budget) {
    TaskKey start = q.after();
    if (jobId != null && (start == null || start.compareTo(TaskKey.firstOf(jobId)) < 0)) start = TaskKey.firstOf(jobId);
    Iterator<TaskKey> it = img.order().tasksAfter(start);
    List<TaskView> out = new ArrayList<>(Math.min(q.limit(), 1024));
    TaskKey last = null;
    int examined = 0;
    while (it.hasNext()) {
      if (out.size() == q.limit() || examined == budget) {
        // More keys follow; whether the next one is in range decides if there is a next page.
        TaskKey peek = it.next();
        boolean more = jobId == null || peek.jobId().equals(jobId);
        return new Page<>(out, more ? Cursor.of(last) : null);
      }
      TaskKey k = it.next();
      if (jobId != null && !k.jobId().equals(jobId)) break; // past the job's range
      examined++;
      last = k;
      Task t = img.tasks().get(k.id());
      if (matches(t, q)) out.add(Views.task(img, t));
    }
    return new Page<>(out, null);
  }

  /** Placed tasks of one node: its own index, a few hundred at most, sorted here. */
  private static Page<TaskView> fromNodeIndex(StateImage img, TaskQuery q, String jobId) {
    List<TaskKey> keys = new ArrayList<>();
    for (String id : img.nodeTasks().getOrDefault(q.node(), PersistentSet.empty())) {
      Task t = img.tasks().get(id);
      if (t == null || !matches(t, q) || (jobId != null && !t.jobId().equals(jobId))) continue;
      TaskKey k = TaskKey.of(t);
      if (q.after() == null || k.compareTo(q.after()) > 0) keys.add(k);
    }
    keys.sort(null);
    List<TaskView> out = new ArrayList<>();
    for (int i = 0; i < keys.size() && i < q.limit(); i++) out.add(Views.task(img, img.tasks().get(keys.get(i).id())));
    String next = keys.size() > q.limit() ? Cursor.of(keys.get(q.limit() - 1)) : null;
    return new Page<>(out, next);
  }

  private static boolean matches(Task t, TaskQuery q) {
    if (t == null) return false;
    if (q.state() != null && t.state() != q.state()) return false;
    return q.node() == null || Objects.equals(t.node(), q.node());
  }

  /**
   * The job {@code ?job=} names. A cursor pins it: when the previous page's job still answers to the
   * name, the listing stays on that job even if a newer job of the same name was submitted meanwhile.
   */
  private static String resolveJob(StateImage img, String idOrName, TaskKey after) {
    if (after != null) {
      Job pinned = img.jobs().get(after.jobId());
      if (pinned != null && (pinned.id().equals(idOrName) || pinned.name().equals(idOrName))) return pinned.id();
    }
    Job j = img.findJob(idOrName);
    if (j == null) throw new ApiException(ErrorCode.NOT_FOUND, "job '" + idOrName + "' does not exist");
    return j.id();
  }
}
