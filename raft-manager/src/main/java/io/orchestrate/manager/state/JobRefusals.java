package io.orchestrate.manager.state;

/**
 * Refusals at apply that mean "the state moved between the decision and the log": the leader's
 * job service decides the request again on the newer state instead of failing it.
 */
public final class JobRefusals {
  /** Starts the refusal of a submission of a name that a live job has (feature level 3). */
  static final String SAME_NAME = "a live job named '";
  /** In the refusal of an update decided on a version or on tasks that are no longer the job's. */
  static final String CHANGED_MEANWHILE = "' changed meanwhile";

  private JobRefusals() {}

  /** Whether a refusal's message says the request should be decided again. */
  public static boolean decideAgain(String message) {
    return message != null && (message.startsWith(SAME_NAME) || message.contains(CHANGED_MEANWHILE));
  }
}
