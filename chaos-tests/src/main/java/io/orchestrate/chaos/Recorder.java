package io.orchestrate.chaos;

import io.orchestrate.chaos.checker.FaultEvent;
import io.orchestrate.chaos.checker.JobSeen;
import io.orchestrate.chaos.checker.NodesSample;
import io.orchestrate.chaos.checker.Op;
import io.orchestrate.chaos.checker.OpKind;
import io.orchestrate.chaos.checker.Outcome;
import io.orchestrate.chaos.checker.TaskSeen;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Collects the history from every client thread, the observer and the nemesis. Thread-safe (one lock); the clock
 * is one monotonic source, so invoke and complete times of different threads compare.
 */
final class Recorder {
  private final LongSupplier nanos;
  private final List<Op> ops = new ArrayList<>();
  private final List<FaultEvent> faults = new ArrayList<>();
  private final List<NodesSample> nodes = new ArrayList<>();

  Recorder(LongSupplier nanos) {
    this.nanos = nanos;
  }

  long now() {
    return nanos.getAsLong();
  }

  synchronized Op op(int process, OpKind kind, Outcome outcome, long invoke, String key, String name, String jobId, boolean stale,
      List<JobSeen> jobs, List<TaskSeen> tasks, String error) {
    Op op = new Op(ops.size(), process, kind, outcome, invoke, Math.max(invoke, now()), key, name, jobId, stale, jobs, tasks, error);
    ops.add(op);
    return op;
  }

  synchronized void fault(FaultEvent e) {
    faults.add(e);
  }

  synchronized void nodes(NodesSample s) {
    nodes.add(s);
  }

  synchronized List<NodesSample> nodeSamples() {
    return List.copyOf(nodes);
  }

  synchronized List<Op> ops() {
    return List.copyOf(ops);
  }

  synchronized List<FaultEvent> faults() {
    return List.copyOf(faults);
  }
}
