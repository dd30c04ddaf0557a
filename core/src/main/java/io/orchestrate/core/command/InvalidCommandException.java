package io.orchestrate.core.command;

import java.util.List;

/** A command refused before it could enter the log: its problems, each naming a field. */
public final class InvalidCommandException extends RuntimeException {
  private final List<String> problems;

  public InvalidCommandException(String tag, List<String> problems) {
    super("command '" + tag + "' refused: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
