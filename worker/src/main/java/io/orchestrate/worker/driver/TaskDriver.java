package io.orchestrate.worker.driver;

import java.time.Duration;
import java.util.List;

/**
 * Runs task instances on this node. A handle is the driver's name for one started instance (a
 * container id for docker, {@code proc-<pid>} for process).
 *
 * <p>Implementations are safe to call from several threads. {@link #stop} and {@link #remove} are
 * idempotent: a handle that is already stopped or gone is not an error, so a reconciler can repeat
 * them after a crash without special cases.
 */
public interface TaskDriver extends AutoCloseable {

  /** Labels every task gets, so that a restarted worker can find and re-adopt its tasks. */
  String LABEL_TASK_ID = "orchestrate.task-id";
  String LABEL_JOB_ID = "orchestrate.job-id";
  String LABEL_NODE = "orchestrate.node";

  /** Short name for configuration and messages: "docker" or "process". */
  String name();

  /** Starts one instance and returns its handle once it has started. */
  String start(TaskLaunch launch) throws DriverException;

  /** The instance's current phase and, once exited, its exit code. Unknown handles are MISSING. */
  TaskStatus inspect(String handle) throws DriverException;

  /** Asks the instance to stop (SIGTERM), and kills it if it is still alive after {@code grace}. */
  void stop(String handle, Duration grace) throws DriverException;

  /** Forgets the instance and frees what it holds (container, log); kills it first if it still runs. */
  void remove(String handle) throws DriverException;

  /** The instances this driver runs for its node, running or exited but not yet removed. */
  List<DriverTask> list() throws DriverException;

  /** The last {@code lines} lines of the instance's combined stdout and stderr. */
  String logsTail(String handle, int lines) throws DriverException;

  /**
   * A reader of task {@code taskId}'s output from its copy {@code handle} (for a driver that keeps
   * output per task, any of its copies). A driver that cannot stream output refuses with this
   * default's message, which the reader of the stream is shown.
   */
  default LogSource logs(String taskId, String handle, LogQuery query) throws DriverException {
    throw new DriverException("the " + name() + " driver cannot stream task output");
  }

  /**
   * Where this worker reaches the instance's ports: the container's address on the engine's bridge
   * network for docker, the loopback address for processes. A driver that cannot tell fails the
   * HTTP and TCP health checks of its tasks with this default's message.
   */
  default String address(String handle) throws DriverException {
    throw new DriverException("the " + name() + " driver cannot tell where " + handle + " listens");
  }

  /**
   * Runs {@code command} in the instance's environment (inside the container for docker; as a child
   * process in the task's directory, with its environment, for processes) and waits at most
   * {@code timeout} for it. A command that cannot be started is a {@link DriverException}; one
   * that runs and fails is a result with its exit code. A driver that cannot run commands fails
   * the command health checks of its tasks with this default's message.
   */
  default ExecResult exec(String handle, List<String> command, Duration timeout) throws DriverException {
    throw new DriverException("the " + name() + " driver cannot run commands for " + handle);
  }

  /**
   * The task ids whose output this driver keeps beyond their copies' lifetime (the process driver's
   * output files), so that a restarted worker can free those no task of its claims any more.
   */
  default java.util.Set<String> keptOutputs() throws DriverException {
    return java.util.Set.of();
  }

  /**
   * Deletes what the driver keeps of {@code taskId}'s output once the task has left this node for
   * good (every rotated file of the process driver's output). A task with a copy still started here
   * keeps its output.
   */
  default void discardOutput(String taskId) throws DriverException {}

  /** Releases the driver's own resources. Whether tasks survive is up to each driver; see its comment. */
  @Override
  void close();
}
