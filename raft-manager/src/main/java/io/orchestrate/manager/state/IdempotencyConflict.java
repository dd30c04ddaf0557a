package io.orchestrate.manager.state;

/** The answer to an {@code Idempotency-Key} reused with a different job file, the same from the API and from apply. */
public final class IdempotencyConflict {
  private IdempotencyConflict() {}

  public static String message(String key, String jobId) {
    return "Idempotency-Key '" + key + "' was already used for job " + jobId + " with a different job file;"
        + " use a new key for a new job, or resend the same file to get that job";
  }
}
