package io.orchestrate.chaos.checker;

import java.util.List;

/**
 * One worker's journal of the copies it ran, read at the end of the run.
 *
 * @param error       why it could not be read, or null
 * @param sinceMillis when that worker process started its journal (a later time than the run's start means it restarted)
 * @param dropped     copies the journal dropped for want of room (then it is incomplete)
 */
public record WorkerCopies(String node, String error, long sinceMillis, long dropped, List<CopySeen> copies) {
  public WorkerCopies {
    copies = copies == null ? List.of() : List.copyOf(copies);
  }

  public static WorkerCopies unreadable(String node, String error) {
    return new WorkerCopies(node, error, 0, 0, List.of());
  }
}
