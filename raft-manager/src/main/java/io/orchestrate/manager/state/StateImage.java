package io.orchestrate.manager.state;

import io.orchestrate.core.codec.Json;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.Task;
import io.orchestrate.manager.store.Cf;
import io.orchestrate.manager.store.ManagerStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PMap;
import org.pcollections.PSet;

/**
 * An immutable, in-memory image of the replicated state at one applied index. The apply thread
 * builds the next image from the previous one (persistent maps share structure, so a change costs
 * O(log n)) and publishes it; the scheduler and the read API only ever read a published image.
 */
public record StateImage(
    long index,
    PMap<String, Job> jobs,
    PMap<String, Task> tasks,
    PMap<String, PSet<String>> jobTasks,
    PMap<String, ManagerInfo> managers,
    PMap<String, String> idempotency) {

  public static final StateImage EMPTY =
      new StateImage(0, HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty());

  /** Rebuilds the image from the store, as on start or after a snapshot was installed. */
  public static StateImage load(ManagerStore store) {
    PMap<String, Job>[] jobs = array(HashTreePMap.empty());
    PMap<String, Task>[] tasks = array(HashTreePMap.empty());
    PMap<String, PSet<String>>[] jobTasks = array(HashTreePMap.empty());
    PMap<String, ManagerInfo>[] managers = array(HashTreePMap.empty());
    PMap<String, String>[] idem = array(HashTreePMap.empty());
    store.forEach(Cf.JOBS, (k, v) -> jobs[0] = jobs[0].plus(k, Json.read(v, Job.class)));
    store.forEach(Cf.TASKS, (k, v) -> {
      Task t = Json.read(v, Task.class);
      tasks[0] = tasks[0].plus(k, t);
      jobTasks[0] = jobTasks[0].plus(t.jobId(), jobTasks[0].getOrDefault(t.jobId(), HashTreePSet.empty()).plus(k));
    });
    store.forEach(Cf.MANAGERS, (k, v) -> managers[0] = managers[0].plus(k, Json.read(v, ManagerInfo.class)));
    store.forEach(Cf.IDEMPOTENCY, (k, v) -> idem[0] = idem[0].plus(k, new String(v, StandardCharsets.UTF_8)));
    long[] applied = store.applied();
    return new StateImage(applied == null ? 0 : applied[1], jobs[0], tasks[0], jobTasks[0], managers[0], idem[0]);
  }

  @SafeVarargs
  private static <T> T[] array(T... one) {
    return one;
  }

  public StateImage atIndex(long i) {
    return new StateImage(i, jobs, tasks, jobTasks, managers, idempotency);
  }

  /** A job's tasks ordered by group (as listed in the spec), then index, then creation. */
  public List<Task> tasksOf(String jobId) {
    Job job = jobs.get(jobId);
    List<Task> out = new ArrayList<>();
    for (String id : jobTasks.getOrDefault(jobId, HashTreePSet.empty())) {
      Task t = tasks.get(id);
      if (t != null) out.add(t);
    }
    List<String> groups = new ArrayList<>();
    if (job != null) job.spec().tasks().forEach(ts -> groups.add(ts.name()));
    out.sort(Comparator.<Task>comparingInt(t -> groups.indexOf(t.group()))
        .thenComparingInt(Task::index)
        .thenComparingLong(Task::createdAtMillis)
        .thenComparing(Task::id));
    return out;
  }

  /** Jobs in submission order. */
  public List<Job> jobsInOrder() {
    List<Job> out = new ArrayList<>(jobs.values());
    out.sort(Comparator.comparingLong(Job::createdAtMillis).thenComparing(Job::id));
    return out;
  }

  /** Finds a job by id, or else the most recent job with that name. */
  public Job findJob(String idOrName) {
    Job j = jobs.get(idOrName);
    if (j != null) return j;
    Job best = null;
    for (Job c : jobs.values()) {
      if (c.name().equals(idOrName)
          && (best == null || c.createdAtMillis() > best.createdAtMillis()
              || (c.createdAtMillis() == best.createdAtMillis() && c.id().compareTo(best.id()) > 0))) {
        best = c;
      }
    }
    return best;
  }
}
