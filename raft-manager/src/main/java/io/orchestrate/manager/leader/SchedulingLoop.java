package io.orchestrate.manager.leader;

import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.SetPendingReasons;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Allow;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.state.StateImage;
import io.orchestrate.scheduler.ClusterSnapshot;
import io.orchestrate.scheduler.NodeView;
import io.orchestrate.scheduler.PlacementAlgorithm;
import io.orchestrate.scheduler.Plan;
import io.orchestrate.scheduler.TaskRequest;
import io.orchestrate.scheduler.Unplaced;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * One scheduling round on the leader: the PENDING tasks of the current image, a plan from the
 * scheduler library, and one {@link PlaceTasks} command carrying the whole batch. Apply
 * re-validates every placement, so a plan made on a slightly old image is safe. Reasons for tasks
 * that fit nowhere are replicated only when they change. At most one round is in flight.
 *
 * <p>Runs only on the leader thread.
 */
final class SchedulingLoop {
  static final int MAX_TASKS_PER_ROUND = 10_000;
  /** A task waiting less than this is just queued, not stuck: no reason is written for it yet. */
  static final long REASON_AFTER_MILLIS = 1_000;

  private final Supplier<StateImage> image;
  private final PlacementAlgorithm algorithm;
  private final Function<io.orchestrate.core.command.Command, CompletableFuture<CommandResult>> propose;
  private final LongSupplier clock;
  private final PlacementLog placementLog;
  private boolean inFlight;
  /** The placements of the round in flight (null when it placed nothing) and when that round began. */
  private CompletableFuture<CommandResult> placing;
  private long placingSince;
  /** Tasks that fit nowhere at {@link #unplacedEpoch}; not planned again until capacity may have been freed. */
  private final java.util.Set<String> unplaced = new java.util.HashSet<>();
  private long unplacedEpoch = -1;
  private PlannedBacklog lastPlanned = PlannedBacklog.NONE;
  private boolean placedLastRound = true;
  private long lastScanMillis;
  /** The earliest time a rescheduled attempt held back by its backoff becomes placeable. */
  private long wakeAtMillis = Long.MAX_VALUE;
  /** While nothing could be placed, a backlog is rescanned at most this often (new tasks wait at most this long). */
  static final long IDLE_SCAN_MILLIS = 1_000;

  SchedulingLoop(Supplier<StateImage> image, PlacementAlgorithm algorithm,
      Function<io.orchestrate.core.command.Command, CompletableFuture<CommandResult>> propose, LongSupplier clock) {
    this(image, algorithm, propose, clock, LoggerFactory.getLogger(SchedulingLoop.class)::info);
  }

  SchedulingLoop(Supplier<StateImage> image, PlacementAlgorithm algorithm,
      Function<io.orchestrate.core.command.Command, CompletableFuture<CommandResult>> propose, LongSupplier clock,
      Consumer<String> log) {
    this.image = image;
    this.algorithm = algorithm;
    this.propose = propose;
    this.clock = clock;
    this.placementLog = new PlacementLog(log);
  }

  /** Runs a round unless one is still in flight; returns the proposal, or null when there was nothing to do. */
  CompletableFuture<?> round() {
    if (inFlight) return null;
    StateImage s = image.get();
    if (s.pending().isEmpty()) return null;
    // Without a single node there is nothing to plan, and every task's reason is the same: views
    // show it (Views.task), so a control plane taking jobs before any worker joins does not rescan
    // and re-replicate its whole backlog every second.
    if (s.nodes().isEmpty()) return null;
    long now = clock.getAsLong();
    boolean capacityMoved = s.capacityEpoch() != unplacedEpoch;
    // A held-back attempt's delay ran out: nothing else may change, so its own clock must wake the loop.
    boolean due = now >= wakeAtMillis;
    // Nothing new to place and no capacity freed: the last plan still holds.
    if (!capacityMoved && !due && lastPlanned.unchangedIn(s)) return null;
    // A backlog that did not fit last time is rescanned at most once a second until capacity moves.
    if (!capacityMoved && !due && !placedLastRound && now - lastScanMillis < IDLE_SCAN_MILLIS) return null;
    wakeAtMillis = Long.MAX_VALUE;
    if (capacityMoved) {
      unplaced.clear();
      unplacedEpoch = s.capacityEpoch();
    }
    lastPlanned = PlannedBacklog.of(s);
    lastScanMillis = now;
    List<TaskRequest> requests = new ArrayList<>();
    Map<String, Task> byId = new HashMap<>();
    for (String id : s.pending()) {
      if (unplaced.contains(id)) continue;
      Task t = s.tasks().get(id);
      Job j = t == null ? null : s.jobs().get(t.jobId());
      TaskSpec spec = t == null ? null : s.specOf(t);
      if (t == null || j == null || j.stopped() || spec == null || t.state() != TaskState.PENDING) continue;
      if (t.notBeforeMillis() > now) { // a rescheduled attempt still in its backoff
        wakeAtMillis = Math.min(wakeAtMillis, t.notBeforeMillis());
        continue;
      }
      requests.add(PlacementInputs.request(t, spec));
      byId.put(t.id(), t);
      if (requests.size() >= MAX_TASKS_PER_ROUND) break;
    }
    if (requests.isEmpty()) {
      placedLastRound = false;
      return null;
    }
    // Oldest first, so a steady stream of new work cannot starve an early job.
    requests.sort((a, b) -> {
      Task x = byId.get(a.taskId());
      Task y = byId.get(b.taskId());
      int c = Long.compare(x.createdAtMillis(), y.createdAtMillis());
      if (c != 0) return c;
      c = x.jobId().compareTo(y.jobId());
      if (c != 0) return c;
      c = x.group().compareTo(y.group());
      return c != 0 ? c : Integer.compare(x.index(), y.index());
    });
    Plan plan = JobAlgorithms.plan(algorithm, s, requests, byId);

    List<PlaceTasks.Placement> placements = new ArrayList<>();
    plan.placements().forEach(p -> placements.add(new PlaceTasks.Placement(p.taskId(), p.nodeId(), byId.get(p.taskId()).version())));
    Map<String, String> reasons = new LinkedHashMap<>();
    for (Unplaced u : plan.unplaced()) {
      Task t = byId.get(u.taskId());
      if (now - t.updatedAtMillis() < REASON_AFTER_MILLIS) {
        lastPlanned = PlannedBacklog.NONE; // deferred, not settled: look again even if nothing else changes
        continue;
      }
      unplaced.add(u.taskId());
      if (!Objects.equals(t.reason(), u.reason())) reasons.put(u.taskId(), u.reason());
    }
    placedLastRound = !placements.isEmpty();
    List<CompletableFuture<CommandResult>> sent = new ArrayList<>();
    if (!placements.isEmpty()) {
      placing = propose.apply(new PlaceTasks(placements, now));
      placingSince = now;
      sent.add(placing);
    }
    if (!reasons.isEmpty()) sent.add(propose.apply(new SetPendingReasons(reasons)));
    if (sent.isEmpty()) return null;
    inFlight = true;
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /** Called on the leader thread when the round's proposals completed (either way). */
  void roundDone() {
    inFlight = false;
    CompletableFuture<CommandResult> p = placing;
    placing = null;
    // A round that failed to commit (no quorum, leadership lost) placed nothing; the tick retries it.
    if (p != null && p.isDone() && !p.isCompletedExceptionally() && p.join() instanceof CommandResult.Placed placed) {
      long now = clock.getAsLong();
      placementLog.round(placed.accepted(), placed.rejected().size(), image.get().pending().size(), now - placingSince, now);
    }
  }

  /** Writes the placement line that added up, once it is due; called by the leader's tick. */
  void flushLog() {
    placementLog.flushIfDue(clock.getAsLong());
  }

  /**
   * The cluster as the scheduler sees it. One pass over each node's task ids: each task is looked
   * up once for its job (per-job counts) and its resources, and a task's resources come from its
   * group's spec, looked up once per (job, version, group) and pass. At 1,000,000 tasks the pass
   * that sorted every node's tasks by id ({@code tasksOnNode}) and then looked each one and its spec
   * up again ({@code allocatedOn}) was a third of the leader thread's time, run every round.
   * Gives what {@code tasksOnNode} and {@code allocatedOn} give (checked in SchedulingLoopSnapshotTest).
   */
  static ClusterSnapshot snapshot(StateImage s) {
    List<NodeView> nodes = new ArrayList<>();
    Map<SpecKey, io.orchestrate.core.spec.Resources> specs = new HashMap<>();
    for (Node n : s.nodesInOrder()) {
      Map<String, Integer> perJob = new HashMap<>();
      double cpu = 0;
      long mem = 0;
      long disk = 0;
      int count = 0;
      for (String id : s.taskIdsOnNode(n.id())) {
        Task t = s.tasks().get(id);
        if (t == null) continue;
        count++;
        perJob.merge(t.jobId(), 1, Integer::sum);
        io.orchestrate.core.spec.Resources r = specs.computeIfAbsent(new SpecKey(t.jobId(), t.createdFromVersion(), t.group(), t.state().isTerminal()),
            k -> {
              TaskSpec spec = s.specOf(t);
              return spec == null ? NO_RESOURCES : spec.resources();
            });
        cpu += r.cpu();
        mem += r.memoryMb();
        disk += r.diskMb();
      }
      nodes.add(new NodeView(n.id(), n.state(), n.capacity(), io.orchestrate.core.spec.Resources.of(cpu, mem, disk), n.labels(), count, perJob,
          n.allows()));
    }
    return new ClusterSnapshot(nodes);
  }

  /** What decides a task's spec ({@link StateImage#specOf}): its job, the job version it was created from, its group, whether it ended. */
  private record SpecKey(String jobId, long version, String group, boolean terminal) {}

  private static final io.orchestrate.core.spec.Resources NO_RESOURCES = io.orchestrate.core.spec.Resources.of(0, 0, 0);
}
