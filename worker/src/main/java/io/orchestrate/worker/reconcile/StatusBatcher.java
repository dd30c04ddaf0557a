package io.orchestrate.worker.reconcile;

import io.orchestrate.gateway.protocol.TaskStatus;
import io.orchestrate.gateway.protocol.TaskUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Coalesces task updates: the first update into an empty batch opens a window; everything added
 * before it closes leaves as one {@link TaskStatus}, in the order added. A Desired that starts
 * hundreds of tasks so costs the leader a handful of messages rather than hundreds.
 *
 * <p>Confined to the reconciler's owner thread, which also runs the flush.
 */
final class StatusBatcher {
  private final String nodeId;
  private final ScheduledExecutorService owner;
  private final Duration window;
  private final StatusSink sink;
  private final List<TaskUpdate> pending = new ArrayList<>();
  private ScheduledFuture<?> flush;

  StatusBatcher(String nodeId, ScheduledExecutorService owner, Duration window, StatusSink sink) {
    this.nodeId = nodeId;
    this.owner = owner;
    this.window = window;
    this.sink = sink;
  }

  void add(TaskUpdate update) {
    pending.add(update);
    if (flush == null) flush = owner.schedule(this::flush, window.toNanos(), TimeUnit.NANOSECONDS);
  }

  void flush() {
    if (flush != null) flush.cancel(false);
    flush = null;
    if (pending.isEmpty()) return;
    TaskStatus status = new TaskStatus(nodeId, List.copyOf(pending));
    pending.clear();
    sink.send(status);
  }
}
