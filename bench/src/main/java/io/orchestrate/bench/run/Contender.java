package io.orchestrate.bench.run;

/**
 * One system under test in the time-to-running benchmark. {@link #close()} removes everything the
 * contender created (containers, services, directories) and leaves the engine as it was found,
 * whatever state a failed trial left behind.
 */
public interface Contender extends AutoCloseable {
  String name();

  /** Brings the system up; not timed. */
  void setUp() throws Exception;

  /** Starts {@code tasks} tasks, times them to running, then removes them before returning. */
  Trial trial(int tasks) throws Exception;

  @Override
  void close();
}
