package io.orchestrate.core.spec;

/**
 * What the managers do when a task is lost with its node (always considered) or ends FAILED
 * after its local restarts (only when {@code failed} is true): start a new attempt elsewhere, up to
 * {@code attempts} times per task slot, after a delay that doubles each attempt up to
 * {@code maxDelaySeconds}. Separate from {@link RestartPolicy}, which the worker applies in place.
 */
public record ReschedulePolicy(Integer attempts, Integer delaySeconds, Integer maxDelaySeconds, Boolean failed) {
  public static final int DEFAULT_ATTEMPTS = 5;
  public static final int DEFAULT_DELAY_SECONDS = 1;
  public static final int DEFAULT_MAX_DELAY_SECONDS = 60;

  public ReschedulePolicy {
    if (attempts == null) attempts = DEFAULT_ATTEMPTS;
    if (delaySeconds == null) delaySeconds = DEFAULT_DELAY_SECONDS;
    if (maxDelaySeconds == null) maxDelaySeconds = DEFAULT_MAX_DELAY_SECONDS;
    if (failed == null) failed = false;
  }

  public static ReschedulePolicy defaults() {
    return new ReschedulePolicy(null, null, null, null);
  }

  /** Delay before attempt {@code n} (1 = the first reschedule): delay * 2^(n-1), capped. */
  public long delayMillisBefore(int n) {
    long d = (long) delaySeconds * 1000L;
    for (int i = 1; i < n && d < (long) maxDelaySeconds * 1000L; i++) d *= 2;
    return Math.min(d, (long) maxDelaySeconds * 1000L);
  }
}
