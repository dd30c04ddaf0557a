package io.orchestrate.core.spec;

import java.util.List;

/** A job file or spec that cannot be accepted. Each problem names the field, e.g. {@code tasks[1].resources.memoryMb must be > 0}. */
public final class InvalidSpecException extends RuntimeException {
  private final List<String> problems;

  public InvalidSpecException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidSpecException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
