package io.orchestrate.worker.driver;

import io.orchestrate.core.spec.Allow;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A driver that refuses to start a task needing a mode its operator did not allow ({@link Allow}),
 * whatever the leader asks: the scheduler never places such a task here, but a leader of an older
 * release, or one that read an old registration, might. The refusal fails the task with a reason
 * that names the flag, so it is rescheduled, never run. Everything else goes to the driver inside.
 */
public final class AllowedModesDriver implements TaskDriver {
  private final TaskDriver inner;
  private final Set<String> allowed;

  public AllowedModesDriver(TaskDriver inner, Set<String> allowed) {
    this.inner = inner;
    this.allowed = Set.copyOf(allowed);
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public String start(TaskLaunch launch) throws DriverException {
    for (String mode : Allow.requiredBy(launch.network())) {
      if (!allowed.contains(mode)) {
        throw new DriverException("task " + launch.taskId() + ": network: " + launch.network() + " is not allowed on this worker;"
            + " its operator allows it with --allow " + mode);
      }
    }
    return inner.start(launch);
  }

  @Override
  public TaskStatus inspect(String handle) throws DriverException {
    return inner.inspect(handle);
  }

  @Override
  public void stop(String handle, Duration grace) throws DriverException {
    inner.stop(handle, grace);
  }

  @Override
  public void remove(String handle) throws DriverException {
    inner.remove(handle);
  }

  @Override
  public List<DriverTask> list() throws DriverException {
    return inner.list();
  }

  @Override
  public String logsTail(String handle, int lines) throws DriverException {
    return inner.logsTail(handle, lines);
  }

  @Override
  public LogSource logs(String taskId, String handle, LogQuery query) throws DriverException {
    return inner.logs(taskId, handle, query);
  }

  @Override
  public java.util.Set<String> keptOutputs() throws DriverException {
    return inner.keptOutputs();
  }

  @Override
  public void discardOutput(String taskId) throws DriverException {
    inner.discardOutput(taskId);
  }

  @Override
  public String address(String handle) throws DriverException {
    return inner.address(handle);
  }

  @Override
  public ExecResult exec(String handle, List<String> command, Duration timeout) throws DriverException {
    return inner.exec(handle, command, timeout);
  }

  /** Closes the driver inside. */
  @Override
  public void close() {
    inner.close();
  }
}
