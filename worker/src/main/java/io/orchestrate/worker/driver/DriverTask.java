package io.orchestrate.worker.driver;

/**
 * One task a driver found it is running (or ran and has not removed), as {@link TaskDriver#list()}
 * reports it. A restarted worker matches these against its desired set by {@code taskId}.
 *
 * @param handle the driver's handle, to pass to inspect / stop / remove / logsTail
 * @param phase  RUNNING or EXITED; call {@link TaskDriver#inspect} for the exit code
 */
public record DriverTask(String handle, String taskId, String jobId, String nodeId, TaskStatus.Phase phase) {}
