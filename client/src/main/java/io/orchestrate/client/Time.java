package io.orchestrate.client;

import java.time.Duration;

/** The clock and the sleep that the client's deadline and retry waits use; tests pass a manual one so that waits cost nothing. */
public interface Time {
  long nanoTime();

  void sleep(Duration duration) throws InterruptedException;

  Time SYSTEM = new Time() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      // Nanosecond precision: a sleep that stops short of the deadline would leave a useless sliver of time.
      java.util.concurrent.TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
  };
}
