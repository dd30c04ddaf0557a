package io.orchestrate.cli.commands;

import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.DeploymentStatus;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Follows the deployment of one job version until it ends or time runs out, printing its progress
 * line on stderr whenever it changes. Succeeds only when the deployment succeeded; a failed or
 * reverted one is reported with the first failing task's reason.
 */
final class DeploymentWait {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final int MAX_POLLS = 100_000;

  /** @param found false when the version has no deployment (it rolled out in one step): the caller waits for its tasks instead */
  record Outcome(boolean found, boolean ok) {}

  private final ManagersClient client;
  private final Time time;
  private final PrintWriter err;

  DeploymentWait(ManagersClient client, Time time, PrintWriter err) {
    this.client = client;
    this.time = time;
    this.err = err;
  }

  Outcome await(String jobId, int version, Duration timeout) {
    long deadline = time.nanoTime() + timeout.toNanos();
    String shown = null;
    for (int poll = 0; poll < MAX_POLLS; poll++) {
      Deployment d = latestFor(jobId, version);
      if (d == null) return new Outcome(false, false);
      String line = "deployment " + DeploymentFormat.line(d);
      if (!line.equals(shown)) {
        err.println(line);
        err.flush();
        shown = line;
      }
      if (d.status() == DeploymentStatus.SUCCESSFUL) return new Outcome(true, true);
      if (d.status().terminal()) {
        err.println("error: deployment " + d.id() + " of version " + d.toVersion() + " " + d.status().wire() + ": "
            + (d.reason() == null ? "no reason given" : d.reason())
            + (d.revertedTo() > 0 ? "; the job was reverted to version " + d.revertedTo() : ""));
        err.flush();
        return new Outcome(true, false);
      }
      long left = deadline - time.nanoTime();
      if (left <= 0) {
        err.println("error: gave up waiting after " + timeout.toSeconds() + "s: " + line);
        err.flush();
        return new Outcome(true, false);
      }
      try {
        time.sleep(Duration.ofNanos(Math.min(POLL.toNanos(), left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(true, false);
      }
    }
    return new Outcome(true, false);
  }

  /** The newest deployment of {@code version}: the one its submission started (a revert's own deployment has a later version). */
  private Deployment latestFor(String jobId, int version) {
    for (Deployment d : client.deployments(jobId).value().deployments()) if (d.toVersion() == version) return d;
    return null;
  }
}
