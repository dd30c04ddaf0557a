package io.orchestrate.core.command;

import java.util.ArrayList;
import java.util.List;

/** The form of the deployment entries (see {@link CommandChecks}): ids, sizes, the group names the job file allows. */
final class DeploymentChecks {
  /** More slots than one group may have: bounds what a raw client puts in one step. */
  private static final int MAX_PER_STEP = io.orchestrate.core.spec.JobSpecValidator.MAX_COUNT;

  private DeploymentChecks() {}

  static void step(List<String> p, String at, StepDeployment s) {
    CommandChecks.id(p, at + "jobId", s.jobId());
    CommandChecks.id(p, at + "deploymentId", s.deploymentId());
    if (s.expectedSteps() < 0) p.add(at + "expectedSteps must be >= 0");
    if (s.atMillis() < 0) p.add(at + "atMillis must be >= 0");
    if (s.stops().size() > MAX_PER_STEP || s.creates().size() > MAX_PER_STEP || s.healthy().size() > MAX_PER_STEP) {
      p.add(at + "a step lists at most " + MAX_PER_STEP + " stops, creates and healthy tasks each");
      return;
    }
    CommandChecks.ids(p, at + "stops", s.stops());
    CommandChecks.ids(p, at + "healthy", s.healthy());
    List<String> created = new ArrayList<>();
    for (int i = 0; i < s.creates().size(); i++) {
      StepDeployment.Create c = s.creates().get(i);
      String f = at + "creates[" + i + "]";
      if (c == null) {
        p.add(f + " must not be null");
        continue;
      }
      created.add(c.taskId());
      CommandChecks.id(p, f + ".group", c.group());
      if (c.index() < 0 || c.index() >= MAX_PER_STEP) p.add(f + ".index must be between 0 and " + (MAX_PER_STEP - 1));
    }
    CommandChecks.ids(p, at + "creates taskId", created);
  }

  static void fail(List<String> p, String at, FailDeployment f) {
    CommandChecks.id(p, at + "jobId", f.jobId());
    CommandChecks.id(p, at + "deploymentId", f.deploymentId());
    if (f.expectedSteps() < 0) p.add(at + "expectedSteps must be >= 0");
    if (f.atMillis() < 0) p.add(at + "atMillis must be >= 0");
    if (f.group() != null) CommandChecks.id(p, at + "group", f.group());
    if (f.taskId() != null) CommandChecks.id(p, at + "taskId", f.taskId());
    CommandChecks.text(p, at + "reason", f.reason(), true);
    if (f.revertTo() < 0) p.add(at + "revertTo must be >= 0");
    if (f.taskIds().size() > MAX_PER_STEP * 10) p.add(at + "taskIds holds at most " + MAX_PER_STEP * 10 + " ids");
    else CommandChecks.ids(p, at + "taskIds", f.taskIds());
  }

  static void restart(List<String> p, String at, RestartJob r) {
    CommandChecks.id(p, at + "jobId", r.jobId());
    if (r.group() != null) CommandChecks.id(p, at + "group", r.group());
    if (r.atMillis() < 0) p.add(at + "atMillis must be >= 0");
    if (r.key() != null) CommandChecks.idempotencyKey(p, at + "key", r.key());
  }
}
