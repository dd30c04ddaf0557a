package io.orchestrate.cli.commands;

import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Reply;
import io.orchestrate.client.TaskFilter;
import io.orchestrate.client.Time;
import io.orchestrate.core.api.JobView;
import io.orchestrate.core.api.TaskView;
import io.orchestrate.core.model.TaskState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Polls a job until all its tasks run, it completes, it fails or is stopped, or time runs out; reports progress on stderr when it changes. */
final class JobWait {
  static final Duration POLL = Duration.ofSeconds(1);
  private static final int MAX_POLLS = 100_000;

  /** @param last the job as last read */
  record Outcome(boolean ok, Reply<JobView> last) {}

  private final ManagersClient client;
  private final Time time;
  private final PrintWriter err;

  JobWait(ManagersClient client, Time time, PrintWriter err) {
    this.client = client;
    this.time = time;
    this.err = err;
  }

  Outcome await(String jobId, int expected, Duration timeout) {
    long deadline = time.nanoTime() + timeout.toNanos();
    String shown = null;
    Reply<JobView> reply = null;
    for (int poll = 0; poll < MAX_POLLS; poll++) {
      reply = client.job(jobId);
      JobView job = reply.value();
      List<TaskView> tasks = job.tasks() != null ? job.tasks() : client.allTasks(TaskFilter.all().withJob(jobId));
      int running = (int) tasks.stream().filter(t -> TaskState.RUNNING.name().equalsIgnoreCase(t.state())).count();
      String progress = "job " + jobId + ": " + job.status() + ", " + running + "/" + expected + " tasks running" + pending(tasks);
      String status = job.status() == null ? "" : job.status();
      if (status.equals("complete") || (running >= expected && !status.equals("stopped") && !status.equals("failed"))) {
        err.println(progress);
        err.flush();
        return new Outcome(true, reply);
      }
      if (status.equals("failed") || status.equals("stopped")) {
        err.println("error: " + progress);
        err.flush();
        return new Outcome(false, reply);
      }
      if (!progress.equals(shown)) {
        err.println(progress);
        err.flush();
        shown = progress;
      }
      long left = deadline - time.nanoTime();
      if (left <= 0) {
        err.println("error: gave up waiting after " + timeout.toSeconds() + "s: " + progress);
        err.flush();
        return new Outcome(false, reply);
      }
      try {
        time.sleep(Duration.ofNanos(Math.min(POLL.toNanos(), left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(false, reply);
      }
    }
    return new Outcome(false, reply);
  }

  /** Why tasks are not running yet, as the scheduler or worker said it. */
  private static String pending(List<TaskView> tasks) {
    List<String> reasons = new ArrayList<>();
    for (TaskView t : tasks) {
      // A task an earlier job version stopped (replaced, scaled away) is not why the job waits.
      if (TaskState.STOPPED.name().equalsIgnoreCase(t.state())) continue;
      if (t.reason() != null && !t.reason().isBlank() && !TaskState.RUNNING.name().equalsIgnoreCase(t.state())) {
        reasons.add(TaskFormat.label(t) + " " + t.state() + ": " + t.reason());
      }
      if (reasons.size() == 3) break;
    }
    return reasons.isEmpty() ? "" : "; " + String.join("; ", reasons);
  }
}
