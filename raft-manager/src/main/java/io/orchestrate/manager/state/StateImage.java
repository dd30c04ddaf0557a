package io.orchestrate.manager.state;

import io.orchestrate.core.codec.StoredRecords;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.store.Cf;
import io.orchestrate.manager.store.ManagerStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable, in-memory image of the replicated state at one applied index. The apply thread
 * builds the next image from the previous one (persistent maps share structure, so a change costs
 * O(log n)) and publishes it; the scheduler and the read API only ever read a published image.
 *
 * <p>Indexes kept in step with {@code tasks} by {@link #withTask}, so that no leader loop scans
 * every task: the tasks occupying each node, the PENDING tasks, and the LOST or FAILED tasks not
 * yet replaced. {@code capacityEpoch} grows whenever capacity may have been freed (a node changed,
 * a task left a node): until it moves, a task that fit nowhere still fits nowhere. {@code order}
 * keeps jobs and tasks sorted for the paged reads. {@code liveNames} holds the ids of the jobs
 * not stopped by name: from feature level 3 a name has at most one (a cluster upgraded from an
 * earlier level may still hold several, made before names identified jobs). {@code deploying} holds
 * the ids of the live jobs whose latest deployment is running, so the leader's deployment watcher
 * visits those jobs alone rather than every job on each of its ticks.
 */
public record StateImage(
    long index,
    PersistentMap<String, Job> jobs,
    PersistentMap<String, Task> tasks,
    PersistentMap<String, PersistentSet<String>> jobTasks,
    PersistentMap<String, PersistentSet<String>> nodeTasks,
    PersistentSet<String> pending,
    PersistentSet<String> unreplaced,
    long capacityEpoch,
    PersistentMap<String, Node> nodes,
    PersistentMap<String, ManagerInfo> managers,
    PersistentMap<String, String> idempotency,
    ListOrder order,
    AclState acl,
    FeatureState features,
    PersistentMap<String, PersistentSet<String>> liveNames,
    PersistentSet<String> deploying) {

  public static final StateImage EMPTY = new StateImage(0, PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(),
      PersistentMap.empty(), PersistentSet.empty(), PersistentSet.empty(), 0, PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(),
      ListOrder.EMPTY, AclState.EMPTY, FeatureState.BASELINE, PersistentMap.empty(), PersistentSet.empty());

  /** Rebuilds the image from the store, as on start or after a snapshot was installed. */
  public static StateImage load(ManagerStore store) {
    StateImage[] img = {EMPTY};
    // Each record in its own format (JSON, or Smile from feature level 5): a store upgraded in place holds both.
    store.forEach(Cf.JOBS, (k, v) -> img[0] = img[0].withJob(StoredRecords.read(v, Job.class, "jobs/" + k)));
    store.forEach(Cf.TASKS, (k, v) -> img[0] = img[0].withTask(StoredRecords.read(v, Task.class, "tasks/" + k)));
    store.forEach(Cf.NODES, (k, v) -> img[0] = img[0].withNode(StoredRecords.read(v, Node.class, "nodes/" + k)));
    store.forEach(Cf.MANAGERS, (k, v) -> img[0] = img[0].withManager(StoredRecords.read(v, ManagerInfo.class, "managers/" + k)));
    store.forEach(Cf.IDEMPOTENCY, (k, v) -> img[0] = img[0].withIdempotencyKey(k, new String(v, StandardCharsets.UTF_8)));
    store.forEach(Cf.ACL, (k, v) -> img[0] = img[0].withAcl(AclRecords.load(img[0].acl(), k, v)));
    store.forEach(Cf.FEATURES, (k, v) -> img[0] = img[0].withFeatures(FeatureState.load(k, v)));
    long[] applied = store.applied();
    return img[0].atIndex(applied == null ? 0 : applied[1]);
  }

  public StateImage atIndex(long i) {
    return new StateImage(i, jobs, tasks, jobTasks, nodeTasks, pending, unreplaced, capacityEpoch, nodes, managers, idempotency, order, acl, features, liveNames, deploying);
  }

  public StateImage withJob(Job j) {
    return new StateImage(index, jobs.plus(j.id(), j), tasks, jobTasks, nodeTasks, pending, unreplaced, capacityEpoch, nodes, managers, idempotency,
        order.withJob(jobs.get(j.id()), j), acl, features, names(liveNames, jobs.get(j.id()), j), deploying(deploying, j));
  }

  public StateImage withTask(Task t) {
    Task old = tasks.get(t.id());
    PersistentMap<String, PersistentSet<String>> byNode = nodeTasks;
    long epoch = capacityEpoch;
    if (old != null && occupies(old)) {
      byNode = removeFrom(byNode, old.node(), t.id());
      if (!occupies(t) || !old.node().equals(t.node())) epoch++;
    }
    if (occupies(t)) byNode = byNode.plus(t.node(), byNode.getOrDefault(t.node(), PersistentSet.empty()).plus(t.id()));
    boolean isPending = t.state() == TaskState.PENDING;
    PersistentSet<String> pend = isPending ? pending.plus(t.id()) : (pending.contains(t.id()) ? pending.minus(t.id()) : pending);
    boolean orphan = (t.state() == TaskState.LOST || t.state() == TaskState.FAILED) && t.replacedBy() == null;
    PersistentSet<String> unrep = orphan ? unreplaced.plus(t.id()) : (unreplaced.contains(t.id()) ? unreplaced.minus(t.id()) : unreplaced);
    PersistentMap<String, PersistentSet<String>> byJob = jobTasks;
    PersistentSet<String> ofJob = jobTasks.get(t.jobId());
    if (ofJob == null || !ofJob.contains(t.id())) byJob = jobTasks.plus(t.jobId(), (ofJob == null ? PersistentSet.<String>empty() : ofJob).plus(t.id()));
    return new StateImage(index, jobs, tasks.plus(t.id(), t), byJob, byNode, pend, unrep, epoch, nodes, managers, idempotency,
        order.withTask(old, t), acl, features, liveNames, deploying);
  }

  public StateImage withNode(Node n) {
    return new StateImage(index, jobs, tasks, jobTasks, nodeTasks, pending, unreplaced, capacityEpoch + 1, nodes.plus(n.id(), n), managers, idempotency, order, acl, features, liveNames, deploying);
  }

  public StateImage withManager(ManagerInfo m) {
    return new StateImage(index, jobs, tasks, jobTasks, nodeTasks, pending, unreplaced, capacityEpoch, nodes, managers.plus(m.id(), m), idempotency, order, acl, features, liveNames, deploying);
  }

  public StateImage withIdempotencyKey(String key, String jobId) {
    return new StateImage(index, jobs, tasks, jobTasks, nodeTasks, pending, unreplaced, capacityEpoch, nodes, managers, idempotency.plus(key, jobId), order, acl, features, liveNames, deploying);
  }

  public StateImage withAcl(AclState a) {
    return new StateImage(index, jobs, tasks, jobTasks, nodeTasks, pending, unreplaced, capacityEpoch, nodes, managers, idempotency, order, a, features, liveNames, deploying);
  }

  public StateImage withFeatures(FeatureState f) {
    return new StateImage(index, jobs, tasks, jobTasks, nodeTasks, pending, unreplaced, capacityEpoch, nodes, managers, idempotency, order, acl, f, liveNames, deploying);
  }

  /** The active cluster feature level. */
  public int featureLevel() {
    return features.level();
  }

  /** Removes a job record only; its tasks and idempotency key are removed one by one (see {@link Delta#deleteJob}). */
  public StateImage withoutJob(String id) {
    Job old = jobs.get(id);
    if (old == null) return this;
    return new StateImage(index, jobs.minus(id), tasks, jobTasks, nodeTasks, pending, unreplaced, capacityEpoch, nodes, managers, idempotency,
        order.withoutJob(old), acl, features, names(liveNames, old, null), deploying.contains(id) ? deploying.minus(id) : deploying);
  }

  /** Removes a task from the record map and from every index {@link #withTask} keeps. */
  public StateImage withoutTask(String id) {
    Task old = tasks.get(id);
    if (old == null) return this;
    PersistentMap<String, PersistentSet<String>> byNode = nodeTasks;
    long epoch = capacityEpoch;
    if (occupies(old)) {
      byNode = removeFrom(byNode, old.node(), id);
      epoch++;
    }
    PersistentSet<String> pend = pending.contains(id) ? pending.minus(id) : pending;
    PersistentSet<String> unrep = unreplaced.contains(id) ? unreplaced.minus(id) : unreplaced;
    return new StateImage(index, jobs, tasks.minus(id), removeFrom(jobTasks, old.jobId(), id), byNode, pend, unrep, epoch, nodes, managers,
        idempotency, order.withoutTask(old), acl, features, liveNames, deploying);
  }

  /** Removes a node record. No capacity is freed: only a node that holds no placed task is ever removed. */
  public StateImage withoutNode(String id) {
    return new StateImage(index, jobs, tasks, jobTasks, nodeTasks, pending, unreplaced, capacityEpoch, nodes.minus(id), managers, idempotency, order, acl, features, liveNames, deploying);
  }

  public StateImage withoutIdempotencyKey(String key) {
    return new StateImage(index, jobs, tasks, jobTasks, nodeTasks, pending, unreplaced, capacityEpoch, nodes, managers, idempotency.minus(key), order, acl, features, liveNames, deploying);
  }

  /** {@code s} with {@code j} in it while its latest deployment runs and it is not stopped, without it otherwise. */
  private static PersistentSet<String> deploying(PersistentSet<String> s, Job j) {
    io.orchestrate.core.model.Deployment d = j.latestDeployment();
    boolean running = !j.stopped() && d != null && d.status() == io.orchestrate.core.model.DeploymentStatus.RUNNING;
    if (running) return s.contains(j.id()) ? s : s.plus(j.id());
    return s.contains(j.id()) ? s.minus(j.id()) : s;
  }

  private static PersistentMap<String, PersistentSet<String>> names(PersistentMap<String, PersistentSet<String>> m, Job was, Job now) {
    if (was != null && !was.stopped()) m = removeFrom(m, was.name(), was.id());
    if (now != null && !now.stopped()) m = m.plus(now.name(), m.getOrDefault(now.name(), PersistentSet.empty()).plus(now.id()));
    return m;
  }

  /**
   * The live (not stopped) job named {@code name}, or null. Where an upgraded cluster still holds
   * several, the most recent, as {@link #findJob} picks.
   */
  public Job liveJobNamed(String name) {
    Job best = null;
    for (String id : liveNames.getOrDefault(name, PersistentSet.empty())) {
      Job c = jobs.get(id);
      if (c != null && (best == null || newer(c, best))) best = c;
    }
    return best;
  }

  private static boolean newer(Job c, Job best) {
    return c.createdAtMillis() > best.createdAtMillis() || (c.createdAtMillis() == best.createdAtMillis() && c.id().compareTo(best.id()) > 0);
  }

  /** A task holds resources on its node while SCHEDULED or RUNNING. */
  static boolean occupies(Task t) {
    return t.node() != null && t.state().isPlaced();
  }

  private static PersistentMap<String, PersistentSet<String>> removeFrom(PersistentMap<String, PersistentSet<String>> m, String key, String id) {
    PersistentSet<String> s = m.get(key);
    if (s == null) return m;
    PersistentSet<String> rest = s.minus(id);
    return rest.isEmpty() ? m.minus(key) : m.plus(key, rest);
  }

  /**
   * The spec of the group a task belongs to. A live task of an earlier version than the job's
   * (a rolling deployment replaces them one slot at a time) runs the spec of its own version;
   * before rolling updates every live task was of a spec equal to the current one but for the count.
   */
  public TaskSpec specOf(Task t) {
    Job j = jobs.get(t.jobId());
    if (j == null) return null;
    if (!t.state().isTerminal() && t.createdFromVersion() != j.jobVersion() && !j.deployments().isEmpty()) {
      TaskSpec own = j.groupAt(t.createdFromVersion(), t.group());
      if (own != null) return own.withCount(groupCount(j, t.group(), own.count()));
    }
    for (TaskSpec s : j.spec().tasks()) if (s.name().equals(t.group())) return s;
    return null;
  }

  /** The current count of a group (which slots a job has), or {@code otherwise} when the group is gone. */
  private static int groupCount(Job j, String group, int otherwise) {
    for (TaskSpec s : j.spec().tasks()) if (s.name().equals(group)) return s.count();
    return otherwise;
  }

  /** Resources held on a node by its SCHEDULED and RUNNING tasks. */
  public Resources allocatedOn(String nodeId) {
    Resources sum = Resources.of(0, 0, 0);
    for (String id : nodeTasks.getOrDefault(nodeId, PersistentSet.empty())) {
      Task t = tasks.get(id);
      TaskSpec s = t == null ? null : specOf(t);
      if (s != null) sum = sum.plus(s.resources());
    }
    return sum;
  }

  /**
   * Ids of the tasks a node should be running now (SCHEDULED or RUNNING there), unordered, or an
   * empty set. The set is persistent: an image that changed no task on the node hands out the very
   * same instance, so a caller can tell "unchanged" by identity without looking inside.
   */
  public PersistentSet<String> taskIdsOnNode(String nodeId) {
    return nodeTasks.getOrDefault(nodeId, EMPTY_IDS);
  }

  private static final PersistentSet<String> EMPTY_IDS = PersistentSet.empty();

  /** The tasks a node should be running now: SCHEDULED or RUNNING there, ordered by id. */
  public List<Task> tasksOnNode(String nodeId) {
    List<Task> out = new ArrayList<>();
    for (String id : nodeTasks.getOrDefault(nodeId, PersistentSet.empty())) out.add(tasks.get(id));
    out.sort(Comparator.comparing(Task::id));
    return out;
  }

  /** A job's tasks ordered by group (as listed in the spec), then index, then creation. */
  public List<Task> tasksOf(String jobId) {
    Job job = jobs.get(jobId);
    List<Task> out = new ArrayList<>();
    for (String id : jobTasks.getOrDefault(jobId, PersistentSet.empty())) {
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
    List<Job> out = new ArrayList<>(jobs.size());
    for (java.util.Iterator<JobKey> it = order.jobsAfter(null); it.hasNext(); ) {
      Job j = jobs.get(it.next().id());
      if (j != null) out.add(j);
    }
    return out;
  }

  /** Nodes by id. */
  public List<Node> nodesInOrder() {
    List<Node> out = new ArrayList<>(nodes.values());
    out.sort(Comparator.comparing(Node::id));
    return out;
  }

  /**
   * Finds a job by id, or else the live job with that name (a name identifies a live job), or else
   * the most recent stopped job with that name.
   */
  public Job findJob(String idOrName) {
    Job j = jobs.get(idOrName);
    if (j != null) return j;
    Job live = liveJobNamed(idOrName);
    if (live != null) return live;
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
