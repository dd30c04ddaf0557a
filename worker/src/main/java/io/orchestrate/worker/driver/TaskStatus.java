package io.orchestrate.worker.driver;

/**
 * What a driver observes about one task handle at one moment.
 *
 * @param phase    running, exited or missing
 * @param exitCode the process's exit code when {@link Phase#EXITED} and it ran; null otherwise
 *                 (also null for a container that was created but never started)
 * @param reason   why it ended when the driver knows more than the code (e.g. "out of memory"),
 *                 or null
 */
public record TaskStatus(Phase phase, Integer exitCode, String reason) {

  public enum Phase {
    /** The task's process is alive (for docker: running, paused or restarting). */
    RUNNING,
    /** The task's process has ended; the handle still exists until {@link TaskDriver#remove}. */
    EXITED,
    /** The driver knows no such handle: never started, removed, or removed behind our back. */
    MISSING
  }

  private static final TaskStatus RUNNING_STATUS = new TaskStatus(Phase.RUNNING, null, null);
  private static final TaskStatus MISSING_STATUS = new TaskStatus(Phase.MISSING, null, null);

  public TaskStatus {
    if (phase == null) throw new IllegalArgumentException("status.phase must not be null");
    if (phase != Phase.EXITED && exitCode != null) {
      throw new IllegalArgumentException("status.exitCode is only meaningful when EXITED, not " + phase);
    }
  }

  public static TaskStatus running() {
    return RUNNING_STATUS;
  }

  public static TaskStatus missing() {
    return MISSING_STATUS;
  }

  public static TaskStatus exited(Integer exitCode, String reason) {
    return new TaskStatus(Phase.EXITED, exitCode, reason);
  }

  public boolean isRunning() {
    return phase == Phase.RUNNING;
  }
}
