package io.orchestrate.chaos.checker;

import java.util.HashMap;
import java.util.Map;

/**
 * No task runs on two workers at once, judged from the managers' task records in linearizable
 * task reads: within one read, one task instance (job, task name, index) is RUNNING on at most one
 * node; and across reads, a task id once seen RUNNING on a node is never seen RUNNING on another
 * (an id is one attempt on one node; moving work makes a new task).
 */
public final class NoTaskRunningTwice implements Invariant {
  @Override
  public String name() {
    return "no-task-running-twice";
  }

  @Override
  public String meaning() {
    return "no task instance is RUNNING on two workers in one linearizable read, and no task id is seen RUNNING on two workers over time";
  }

  @Override
  public InvariantResult check(History h) {
    Map<String, String> nodeOfTask = new HashMap<>();
    Map<String, Op> witness = new HashMap<>();
    long checked = 0;
    for (Op op : h.ops()) {
      if (!op.linearizableRead() || op.kind() != OpKind.READ_TASKS) continue;
      Map<String, TaskSeen> instance = new HashMap<>();
      for (TaskSeen t : op.tasks()) {
        if (!"RUNNING".equals(t.state()) || t.node() == null) continue;
        checked++;
        String slot = t.jobId() + "/" + t.name() + "/" + t.index();
        TaskSeen other = instance.putIfAbsent(slot, t);
        if (other != null && !other.node().equals(t.node())) {
          return InvariantResult.fail(this, checked, op.describe() + " shows " + slot + " RUNNING on " + other.node() + " (task "
              + other.id() + ") and on " + t.node() + " (task " + t.id() + ")");
        }
        String before = nodeOfTask.putIfAbsent(t.id(), t.node());
        if (before == null) {
          witness.put(t.id(), op);
        } else if (!before.equals(t.node())) {
          return InvariantResult.fail(this, checked, "task " + t.id() + " was RUNNING on " + before + " in " + witness.get(t.id()).describe()
              + " and on " + t.node() + " in " + op.describe());
        }
      }
    }
    return InvariantResult.pass(this, checked);
  }
}
