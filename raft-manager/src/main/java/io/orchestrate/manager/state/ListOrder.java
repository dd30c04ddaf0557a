package io.orchestrate.manager.state;

import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Task;
import java.util.Iterator;
import org.pcollections.TreePSet;

/**
 * The orders the read API pages through, kept in step with the image's records so that a page
 * costs a seek (O(log n)) plus the page itself, never a sort or a scan of everything: jobs by
 * {@link JobKey}, tasks by {@link TaskKey}. Immutable; built on the apply thread alongside the
 * image, read by any thread. A key is added when its record first appears; the GC that removes
 * records must call {@link #withoutJob} / {@link #withoutTask} too.
 */
public record ListOrder(TreePSet<JobKey> jobs, TreePSet<TaskKey> tasks) {
  public static final ListOrder EMPTY = new ListOrder(TreePSet.empty(), TreePSet.empty());

  /** {@code old} is the job's previous record, or null when it is new. */
  ListOrder withJob(Job old, Job j) {
    if (old != null && old.createdAtMillis() == j.createdAtMillis()) return this; // its key did not change
    TreePSet<JobKey> js = old == null ? jobs : jobs.minus(JobKey.of(old));
    return new ListOrder(js.plus(JobKey.of(j)), tasks);
  }

  /** {@code old} is the task's previous record, or null when it is new. */
  ListOrder withTask(Task old, Task t) {
    if (old != null && sameKey(old, t)) return this; // the usual case: a state change, not a new record
    TreePSet<TaskKey> ts = old == null ? tasks : tasks.minus(TaskKey.of(old));
    return new ListOrder(jobs, ts.plus(TaskKey.of(t)));
  }

  public ListOrder withoutJob(Job j) {
    return new ListOrder(jobs.minus(JobKey.of(j)), tasks);
  }

  public ListOrder withoutTask(Task t) {
    return new ListOrder(jobs, tasks.minus(TaskKey.of(t)));
  }

  /** Jobs in order, starting just after {@code after} (from the first when null). */
  public Iterator<JobKey> jobsAfter(JobKey after) {
    return (after == null ? jobs : jobs.tailSet(after, false)).iterator();
  }

  /** Tasks in order, starting just after {@code after} (from the first when null). */
  public Iterator<TaskKey> tasksAfter(TaskKey after) {
    return (after == null ? tasks : tasks.tailSet(after, false)).iterator();
  }

  private static boolean sameKey(Task a, Task b) {
    return a.index() == b.index() && a.createdAtMillis() == b.createdAtMillis()
        && a.jobId().equals(b.jobId()) && a.group().equals(b.group());
  }
}
