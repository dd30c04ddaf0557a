package io.orchestrate.worker.driver;

/**
 * A driver could not do what was asked: the image is not available, the engine refused the
 * container, the command could not be executed. The message is meant for a task's reason field,
 * so it names the task's image or handle and says what went wrong.
 */
public class DriverException extends Exception {
  public DriverException(String message) {
    super(message);
  }

  public DriverException(String message, Throwable cause) {
    super(message, cause);
  }
}
