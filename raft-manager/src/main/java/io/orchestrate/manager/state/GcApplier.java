package io.orchestrate.manager.state;

import io.orchestrate.core.command.CollectGarbage;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.model.Job;
import io.orchestrate.core.model.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Apply rule for garbage collection: removes each named record that is still collectable at this
 * index ({@link Collectable}, against the cutoffs in the command) and skips the rest, never
 * rejecting the command as a whole. A job goes with every task record it has and the idempotency
 * key that produced it; every removal is a delete in the same write batch, so a restart (which
 * rebuilds the image from RocksDB), a replay of the log and a shipped snapshot all agree.
 */
final class GcApplier {
  private GcApplier() {}

  static CommandResult collect(Delta d, CollectGarbage c) {
    List<String> jobs = new ArrayList<>();
    List<String> nodes = new ArrayList<>();
    int tasks = 0;
    int keys = 0;
    for (String id : c.jobIds()) {
      StateImage s = d.image();
      Job j = s.jobs().get(id);
      if (j == null || !Collectable.job(s, j, c.jobsEndedBy())) continue;
      // Sorted so that every replica writes the same batch, whatever order its hash sets iterate in.
      List<String> taskIds = new ArrayList<>(s.jobTasks().getOrDefault(id, PersistentSet.empty()));
      Collections.sort(taskIds);
      for (String t : taskIds) d.deleteTask(t);
      tasks += taskIds.size();
      String key = j.idempotencyKey();
      if (key != null && id.equals(s.idempotency().get(key))) {
        d.deleteIdempotencyKey(key);
        keys++;
      }
      d.deleteJob(id);
      jobs.add(id);
    }
    for (String id : c.nodeIds()) {
      StateImage s = d.image();
      Node n = s.nodes().get(id);
      if (n == null || !Collectable.node(s, n, c.nodesDownBy())) continue;
      d.deleteNode(id);
      nodes.add(id);
    }
    return new CommandResult.Collected(jobs, nodes, tasks, keys);
  }
}
