package io.orchestrate.worker.health;

/** Told of each change of a target's health, on a prober thread; it must hand the work to its own thread. */
@FunctionalInterface
public interface HealthListener {
  /** @param lastError the reason of the last failed check, or null when the last check passed */
  void changed(ProbeTarget target, Health health, String lastError);
}
