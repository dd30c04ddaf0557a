package io.orchestrate.worker.health;

/** The outcome of one check: passed, or failed with a short reason such as "connection refused". */
public record CheckResult(boolean passed, String error) {
  private static final CheckResult PASSED = new CheckResult(true, null);

  public static CheckResult pass() {
    return PASSED;
  }

  public static CheckResult fail(String error) {
    return new CheckResult(false, error == null || error.isBlank() ? "failed" : error);
  }
}
