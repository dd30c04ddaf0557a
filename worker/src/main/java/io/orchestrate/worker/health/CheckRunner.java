package io.orchestrate.worker.health;

/**
 * Runs one check against one copy. Called on the prober's threads; it may block, but never
 * longer than about the check's {@code timeoutSeconds}, and reports every problem as a failed
 * result rather than throwing.
 */
@FunctionalInterface
public interface CheckRunner {
  CheckResult run(ProbeTarget target);
}
