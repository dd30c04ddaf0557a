package io.orchestrate.worker.health;

import java.time.Clock;
import java.time.Duration;

/**
 * Where checks run and what time it is for them. Production uses {@link ExecutorProbeScheduler};
 * tests use a manual one whose time moves only when told, so counting is tested without sleeps.
 */
public interface ProbeScheduler extends AutoCloseable {
  /** Runs {@code task} once, {@code delay} from now, on one of the scheduler's threads. */
  Cancellable after(Duration delay, Runnable task);

  Clock clock();

  /** Stops running checks; one in progress may finish. */
  @Override
  void close();

  interface Cancellable {
    void cancel();
  }
}
