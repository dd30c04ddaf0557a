package io.orchestrate.core.command;

import java.util.List;

/**
 * Removes ended jobs (with their tasks and idempotency keys) and long-DOWN nodes from the state.
 *
 * <p>The leader chooses: it reads its image, takes the time, derives the cutoffs from its
 * retentions and names the records it found collectable. Apply removes each named record only if,
 * at that log index, it is still collectable against the cutoffs carried here: a job that has
 * ended at or before {@code jobsEndedBy}, a DOWN node down since {@code nodesDownBy} or earlier
 * with no SCHEDULED or RUNNING task on it. Anything else named (already removed, or a node that
 * registered again since the leader looked) is left alone.
 *
 * <p>Why explicit ids and not only the cutoffs: apply stays a pure function of (state, command),
 * either way, but with ids every replica does work in proportion to what is removed instead of
 * scanning every job on every replica for each such entry; the leader scans once. The cutoffs stay
 * in the command so that the re-check at apply needs no clock. Why re-check at all: the leader
 * picked from the image at some earlier index, and entries committed in between (a node coming
 * back) must win. The leader names at most a bounded number of records per command (see its
 * planner) so that one entry stays small; a backlog is collected over several commands.
 *
 * @param jobIds      jobs the leader found collectable, in the order it found them
 * @param nodeIds     DOWN nodes the leader found collectable
 * @param jobsEndedBy a job is removed only if it ended at or before this time (epoch ms);
 *                    {@link Long#MIN_VALUE} when jobs are not collected
 * @param nodesDownBy a node is removed only if it went DOWN at or before this time (epoch ms);
 *                    {@link Long#MIN_VALUE} when nodes are not collected
 * @param atMillis    when the leader decided
 */
public record CollectGarbage(List<String> jobIds, List<String> nodeIds, long jobsEndedBy, long nodesDownBy, long atMillis)
    implements Command {
  public CollectGarbage {
    jobIds = List.copyOf(jobIds);
    nodeIds = List.copyOf(nodeIds);
  }

  @Override
  public CommandType type() {
    return CommandType.COLLECT_GARBAGE;
  }
}
