package io.orchestrate.manager.leader;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.MigrateTasks;
import io.orchestrate.core.command.RescheduleTasks;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Node;
import io.orchestrate.core.model.NodeState;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.ReschedulePolicy;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.manager.state.StateImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Finds tasks that need a new home and proposes it: LOST tasks (and FAILED ones whose job asks
 * for it) get a new attempt, delayed by the job's exponential backoff; tasks on a draining node
 * get a replacement while the original keeps running. The leader picks the new ids and the times;
 * apply re-checks that each is still needed. At most one round is in flight. Leader thread only.
 */
final class Rescheduler {
  private final Supplier<StateImage> image;
  private final Function<Command, CompletableFuture<CommandResult>> propose;
  private final LongSupplier clock;
  private final Supplier<String> newTaskId;
  private boolean inFlight;

  Rescheduler(Supplier<StateImage> image, Function<Command, CompletableFuture<CommandResult>> propose, LongSupplier clock,
      Supplier<String> newTaskId) {
    this.image = image;
    this.propose = propose;
    this.clock = clock;
    this.newTaskId = newTaskId;
  }

  CompletableFuture<?> round() {
    if (inFlight) return null;
    StateImage s = image.get();
    long now = clock.getAsLong();
    List<RescheduleTasks.Replacement> again = new ArrayList<>();
    for (String id : s.unreplaced()) {
      Task t = s.tasks().get(id);
      TaskSpec spec = t == null ? null : s.specOf(t);
      Job job = t == null ? null : s.jobs().get(t.jobId());
      if (spec == null || job == null || job.stopped()) continue;
      ReschedulePolicy p = spec.reschedule();
      boolean eligible = t.state() == TaskState.LOST || (t.state() == TaskState.FAILED && p.failed());
      // A slot a newer job version scaled away gets no new attempt (apply refuses it the same way).
      if (!eligible || t.attempt() + 1 > p.attempts() || t.index() >= spec.count()) continue;
      again.add(new RescheduleTasks.Replacement(t.id(), newTaskId.get(), now + p.delayMillisBefore(t.attempt() + 1)));
    }
    List<RescheduleTasks.Replacement> moves = new ArrayList<>();
    for (Node n : s.nodes().values()) {
      if (n.state() != NodeState.DRAINING) continue;
      for (Task t : s.tasksOnNode(n.id())) {
        Job job = s.jobs().get(t.jobId());
        if (t.replacedBy() == null && job != null && !job.stopped()) moves.add(new RescheduleTasks.Replacement(t.id(), newTaskId.get(), 0));
      }
    }
    List<CompletableFuture<CommandResult>> sent = new ArrayList<>();
    if (!again.isEmpty()) sent.add(propose.apply(new RescheduleTasks(again, now)));
    if (!moves.isEmpty()) sent.add(propose.apply(new MigrateTasks(moves, now)));
    if (sent.isEmpty()) return null;
    inFlight = true;
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  void roundDone() {
    inFlight = false;
  }
}
