package io.orchestrate.bench.fleet;

import io.orchestrate.client.ManagersClient;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.TaskView;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the bench's tasks RUNNING as the API shows them (the leader's state, through
 * {@code GET /v1/jobs/{id}} on the client it is given). A job is read until all its tasks run and then no more; each poll
 * reads at most {@code window} of the jobs still incomplete, oldest first, since jobs are placed
 * roughly in the order they were accepted: the cost of a poll stays bounded whatever the number
 * of jobs, and the count never runs ahead of the state.
 *
 * <p>Used by the bench's thread only.
 */
final class RunningWatch {
  private final ManagersClient client;
  private final int window;
  private final List<JobSubmitter.Submitted> all = new ArrayList<>();
  private final List<JobSubmitter.Submitted> incomplete = new ArrayList<>();
  private long completeTasks;
  private int completeJobs;
  private long partialRunning;
  private String firstIncomplete;
  private boolean behind;
  private long reads;
  private long readNanos;

  RunningWatch(ManagersClient client, int window) {
    if (window < 1) throw new IllegalArgumentException("window must be at least 1, was " + window);
    this.client = client;
    this.window = window;
  }

  void add(List<JobSubmitter.Submitted> jobs) {
    all.addAll(jobs);
    incomplete.addAll(jobs);
  }

  /** Every job added, in the order added. */
  List<JobSubmitter.Submitted> jobs() {
    return List.copyOf(all);
  }

  /** Tasks RUNNING among {@code jobs}, reading each job once: a recount from scratch, checking {@code deadline} between reads. */
  static long countRunning(ManagersClient client, List<JobSubmitter.Submitted> jobs, RunDeadline deadline) {
    long running = 0;
    for (JobSubmitter.Submitted s : jobs) {
      deadline.check("the recount of RUNNING tasks (" + running + " so far)");
      for (TaskView t : client.job(s.id()).value().tasks()) if ("RUNNING".equals(t.state())) running++;
    }
    return running;
  }

  /** Reads up to {@code window} incomplete jobs; returns the tasks known RUNNING after it. */
  long poll() {
    long partial = 0;
    int read = 0;
    firstIncomplete = null;
    for (Iterator<JobSubmitter.Submitted> it = incomplete.iterator(); it.hasNext() && read < window; read++) {
      JobSubmitter.Submitted s = it.next();
      long from = System.nanoTime();
      JobView j = client.job(s.id()).value();
      readNanos += System.nanoTime() - from;
      reads++;
      int running = 0;
      for (TaskView t : j.tasks()) if ("RUNNING".equals(t.state())) running++;
      if (running >= s.tasks()) {
        it.remove();
        completeTasks += s.tasks();
        completeJobs++;
      } else {
        partial += running;
        if (firstIncomplete == null) firstIncomplete = describe(j, s.tasks(), running);
      }
    }
    partialRunning = partial;
    // A whole window found complete: the count lags the state, so the next poll should not wait.
    behind = read == window && firstIncomplete == null && !incomplete.isEmpty();
    return running();
  }

  /** Job reads so far. */
  long reads() {
    return reads;
  }

  /** Mean time of one job read, in milliseconds: how far behind the state a count can be, per job. */
  double meanReadMs() {
    return reads == 0 ? 0 : readNanos / 1e6 / reads;
  }

  /** True when the last poll found every job it read complete and more remain unread. */
  boolean behind() {
    return behind;
  }

  /** Tasks known RUNNING as of the last poll. */
  long running() {
    return completeTasks + partialRunning;
  }

  int completeJobs() {
    return completeJobs;
  }

  /** The oldest job not yet all RUNNING at the last poll, with its tasks by state and a reason; null when none was. */
  String firstIncomplete() {
    return firstIncomplete;
  }

  private static String describe(JobView j, int tasks, int running) {
    Map<String, Integer> byState = new TreeMap<>();
    String reason = null;
    for (TaskView t : j.tasks()) {
      byState.merge(t.state(), 1, Integer::sum);
      if (reason == null && t.reason() != null && !"RUNNING".equals(t.state())) reason = t.reason();
    }
    return "job " + j.name() + " (" + j.id() + "): " + running + " of " + tasks + " RUNNING, by state " + byState
        + (reason == null ? "" : "; e.g. '" + reason + "'");
  }
}
