package io.orchestrate.worker.reconcile;

import io.orchestrate.gateway.protocol.DesiredTask;
import java.util.List;

/**
 * Notified on the reconciler's owner thread of events worth counting (metrics) or recording (the
 * copy journal). A listener must return quickly and never call back into the reconciler.
 */
public interface ReconcilerListener {
  ReconcilerListener NONE = new ReconcilerListener() {};

  default void taskStarted(String taskId) {}

  default void taskRestarted(String taskId) {}

  /**
   * A copy of {@code task} runs under driver handle {@code handle}. {@code atMillis} is taken just
   * before the driver was asked to start it, so the copy cannot have started earlier; for a copy
   * re-adopted after a worker restart ({@code adopted}) it is the adoption time.
   */
  default void copyStarted(DesiredTask task, String handle, boolean adopted, long atMillis) {}

  /**
   * The copy {@code handle} of task {@code taskId} is gone: it exited ({@code exitCode}, null when
   * unknown) or was stopped, as {@code reason} says. {@code atMillis} is taken once the stop
   * returned or the exit was seen, so the copy cannot have ended later.
   */
  default void copyEnded(String taskId, String handle, Integer exitCode, String reason, long atMillis) {}

  /** One listener that tells each of {@code listeners}, in order. */
  static ReconcilerListener all(ReconcilerListener... listeners) {
    List<ReconcilerListener> ls = List.of(listeners);
    return new ReconcilerListener() {
      @Override
      public void taskStarted(String taskId) {
        ls.forEach(l -> l.taskStarted(taskId));
      }

      @Override
      public void taskRestarted(String taskId) {
        ls.forEach(l -> l.taskRestarted(taskId));
      }

      @Override
      public void copyStarted(DesiredTask task, String handle, boolean adopted, long atMillis) {
        ls.forEach(l -> l.copyStarted(task, handle, adopted, atMillis));
      }

      @Override
      public void copyEnded(String taskId, String handle, Integer exitCode, String reason, long atMillis) {
        ls.forEach(l -> l.copyEnded(taskId, handle, exitCode, reason, atMillis));
      }
    };
  }
}
