package io.orchestrate.worker.driver;

/**
 * The outcome of a command run inside a task's environment ({@link TaskDriver#exec}).
 *
 * @param exitCode its exit code, or null when it did not finish within its timeout
 * @param output   the start of its combined output, trimmed (at most {@link #MAX_OUTPUT} characters)
 */
public record ExecResult(Integer exitCode, String output) {
  public static final int MAX_OUTPUT = 512;

  public ExecResult {
    output = output == null ? "" : output.strip();
    if (output.length() > MAX_OUTPUT) output = output.substring(0, MAX_OUTPUT);
  }

  public boolean timedOut() {
    return exitCode == null;
  }
}
