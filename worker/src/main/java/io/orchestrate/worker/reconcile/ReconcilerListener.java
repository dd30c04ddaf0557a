package io.orchestrate.worker.reconcile;

/** Notified on the reconciler's owner thread of events worth counting (metrics). */
public interface ReconcilerListener {
  ReconcilerListener NONE = new ReconcilerListener() {};

  default void taskStarted(String taskId) {}

  default void taskRestarted(String taskId) {}
}
