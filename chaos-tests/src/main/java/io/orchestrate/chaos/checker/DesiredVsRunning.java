package io.orchestrate.chaos.checker;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One look, after the final heal, at what a worker runs next to what the leader wants it to run:
 * the last such look per worker goes into the history ({@link WorkersRunTheDesiredSet} judges it).
 * Both sides come from one polling round: the leader's linearizable task list, then the worker's
 * own copy journal.
 *
 * @param desired      ids of the tasks the leader holds SCHEDULED or RUNNING on this node, sorted.
 *                     The API shows no generation; a task id is placed once, at one generation, so
 *                     the id names it
 * @param running      the copies the worker's journal shows still running (with their generation and handle)
 * @param leaderStates the leader's record, in the same read, of each task running here but not
 *                     desired here: its state, and its node when it is another ("RUNNING on w1");
 *                     a task the leader does not know is absent
 * @param atNanos      when the worker's journal was read, on the run's clock
 * @param error        why no comparison could be made for this worker, or null
 */
public record DesiredVsRunning(
    String node,
    List<String> desired,
    List<CopySeen> running,
    Map<String, String> leaderStates,
    long atNanos,
    String error) {
  public DesiredVsRunning {
    desired = desired == null ? List.of() : List.copyOf(desired);
    running = running == null ? List.of() : List.copyOf(running);
    leaderStates = leaderStates == null ? Map.of() : Map.copyOf(leaderStates);
  }

  /** No comparison could be made for {@code node}, for the reason given. */
  public static DesiredVsRunning unobserved(String node, String error, long atNanos) {
    return new DesiredVsRunning(node, List.of(), List.of(), Map.of(), atNanos, error);
  }

  /** Whether the worker runs exactly one copy of each desired task and nothing else. */
  public boolean settled() {
    if (error != null || running.size() != desired.size()) return false;
    Set<String> want = new HashSet<>(desired);
    Set<String> seen = new HashSet<>();
    for (CopySeen c : running) {
      if (!want.contains(c.taskId()) || !seen.add(c.taskId())) return false;
    }
    return true;
  }
}
