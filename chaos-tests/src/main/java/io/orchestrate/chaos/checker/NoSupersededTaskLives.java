package io.orchestrate.chaos.checker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * After the final heal, once the updates are done, no task of a superseded version lives: in the
 * managers' final task read no live task of a job is of an older version than the job, and no
 * worker runs a copy of such a task (judged against the workers' own view, after the heal). The
 * workload's every update changes its job's only group, so every task of an older version must
 * have been replaced.
 */
public final class NoSupersededTaskLives implements Invariant {
  @Override
  public String name() {
    return "no-superseded-task-lives";
  }

  @Override
  public String meaning() {
    return "after the final heal no live task of an updated job is of an older version than the job, in the managers' final "
        + "task read or as a copy a worker runs";
  }

  /** The live tasks in {@code tasks} whose job in {@code jobs} has a newer version, in words; empty when there is none. */
  public static List<String> superseded(Op jobs, Op tasks) {
    Map<String, Integer> versions = versions(jobs);
    List<String> out = new ArrayList<>();
    for (TaskSeen t : tasks.tasks()) {
      Integer current = versions.get(t.jobId());
      if (t.live() && current != null && t.jobVersion() > 0 && t.jobVersion() < current) {
        out.add("task " + t.id() + " (" + t.jobId() + "/" + t.name() + "/" + t.index() + ") of version " + t.jobVersion() + " is "
            + t.state() + (t.node() == null ? "" : " on " + t.node()) + " although job " + t.jobId() + " is at version " + current);
      }
    }
    return out;
  }

  /** Live jobs' current versions, where the answer said. */
  private static Map<String, Integer> versions(Op jobs) {
    Map<String, Integer> out = new HashMap<>();
    for (JobSeen j : jobs.jobs()) {
      if (!j.stopped() && j.version() > 0) out.put(j.id(), j.version());
    }
    return out;
  }

  @Override
  public InvariantResult check(History h) {
    Optional<Op> jobs = FinalRead.of(h);
    Optional<Op> tasks = h.ops().stream()
        .filter(o -> o.process() == Op.CHECKER_PROCESS && o.kind() == OpKind.READ_TASKS && o.linearizableRead())
        .max(Comparator.comparingLong(Op::completeNanos));
    if (jobs.isEmpty() || tasks.isEmpty()) {
      return InvariantResult.fail(this, 0, "no final linearizable read of the " + (jobs.isEmpty() ? "jobs" : "tasks") + " succeeded after the heal");
    }
    long checked = tasks.get().tasks().size();
    List<String> found = superseded(jobs.get(), tasks.get());
    if (!found.isEmpty()) {
      return InvariantResult.fail(this, checked, found.get(0) + " in " + tasks.get().describe() + more(found.size()));
    }
    Map<String, Integer> current = versions(jobs.get());
    Map<String, TaskSeen> byId = new HashMap<>();
    for (TaskSeen t : tasks.get().tasks()) byId.put(t.id(), t);
    List<String> onWorkers = new ArrayList<>();
    for (DesiredVsRunning look : h.desiredVsRunning()) {
      for (CopySeen c : look.running()) {
        checked++;
        TaskSeen t = byId.get(c.taskId());
        Integer now = current.get(c.jobId());
        if (t != null && now != null && t.jobVersion() > 0 && t.jobVersion() < now) {
          onWorkers.add("worker " + look.node() + " runs a copy (" + c.handle() + ") of task " + t.id() + ", of version " + t.jobVersion()
              + " of job " + c.jobId() + ", which is at version " + now + " (the managers show the task " + t.state() + ")");
        }
      }
    }
    if (!onWorkers.isEmpty()) return InvariantResult.fail(this, checked, onWorkers.get(0) + " after the final heal" + more(onWorkers.size()));
    return InvariantResult.pass(this, checked);
  }

  private static String more(int n) {
    return n == 1 ? "" : " (" + (n - 1) + " more)";
  }
}
