package io.orchestrate.manager.state;

import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.PlaceTasks;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.command.ReportTasks;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.command.UpdateJob;
import io.orchestrate.core.model.Deployment;
import io.orchestrate.core.model.Task;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.HealthCheck;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.core.spec.TaskSpec;
import io.orchestrate.core.spec.UpdatePolicy;
import io.orchestrate.core.version.JobDiff;
import io.orchestrate.core.version.UpdatePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A replicated state driven by hand for deployment tests: commands applied in log order, one
 * process node "w1" that places and runs whatever it is given when told to. Not thread-safe.
 */
public final class RollingState {
  public static final long T0 = 1_700_000_000_000L;
  public static final String JOB = "j-1";

  private StateImage image;
  private long index = 10;
  private int ids;

  public RollingState(int level) {
    this(level, Resources.of(64, 65536, 65536));
  }

  /** With w1 offering {@code capacity}: a test of what fits gives it little room. */
  public RollingState(int level, Resources capacity) {
    image = StateImage.EMPTY.withFeatures(new FeatureState(level, T0));
    apply(new RegisterNode("w1", "127.0.0.1:1", capacity, Map.of(), "process", T0, null));
  }

  /** The group "api" of job "web": {@code count} copies running {@code command}, with an HTTP check when {@code checked}. */
  public static JobSpec web(int count, String command, UpdatePolicy update, boolean checked) {
    HealthCheck check = checked ? new HealthCheck(HealthCheck.Type.HTTP, "/", 8080, null, null, null, null, null) : null;
    TaskSpec api = new TaskSpec("api", "local/busybox:1", List.of(command), Map.of(), count, Resources.of(0.1, 16, 0), null, null, check)
        .withUpdate(update);
    return new JobSpec("web", List.of(api), null);
  }

  public static UpdatePolicy policy(int maxParallel, int minHealthy, int deadline, boolean autoRevert, String order) {
    return new UpdatePolicy(maxParallel, minHealthy, deadline, autoRevert, order);
  }

  public StateImage image() {
    return image;
  }

  public long index() {
    return index;
  }

  public CommandResult apply(Command c) {
    Applier.Applied a = Applier.apply(image, c, ++index);
    image = a.image();
    return a.result();
  }

  public String newId() {
    return "n-" + (ids++);
  }

  public CommandResult submit(JobSpec spec) {
    List<String> taskIds = new ArrayList<>();
    for (int i = 0; i < spec.instanceCount(); i++) taskIds.add("t-" + i);
    return apply(new SubmitJob(JOB, null, spec, taskIds, T0));
  }

  /** A new version of the job, with as many new ids as the update needs at once. */
  public CommandResult update(JobSpec spec, long atMillis) {
    var job = image.jobs().get(JOB);
    UpdatePlan plan = UpdatePlan.of(JobDiff.between(job.spec(), spec), image.tasksOf(JOB), job.jobVersion() + 1);
    List<String> taskIds = new ArrayList<>();
    for (int i = 0; i < plan.creates().size(); i++) taskIds.add(newId());
    return apply(new UpdateJob(JOB, job.jobVersion(), spec, taskIds, "run", null, atMillis));
  }

  /** Places every PENDING task on w1 and reports each placed task RUNNING with {@code health} (null: no check). */
  public void runAll(String health, long atMillis) {
    List<PlaceTasks.Placement> place = new ArrayList<>();
    for (Task t : image.tasksOf(JOB)) if (t.state() == TaskState.PENDING) place.add(new PlaceTasks.Placement(t.id(), "w1", t.version()));
    if (!place.isEmpty()) apply(new PlaceTasks(place, atMillis));
    List<ReportTasks.Report> reports = new ArrayList<>();
    for (Task t : image.tasksOf(JOB)) {
      if (t.state() == TaskState.SCHEDULED || (t.state() == TaskState.RUNNING && !java.util.Objects.equals(t.health(), health))) {
        reports.add(new ReportTasks.Report("w1", t.id(), t.generation(), TaskState.RUNNING, 0, "c-" + t.id(), null, null, atMillis, health));
      }
    }
    if (!reports.isEmpty()) apply(new ReportTasks(reports));
  }

  /** Reports one task in {@code state} with {@code reason}. */
  public void report(String taskId, TaskState state, String reason, String health, long atMillis) {
    Task t = image.tasks().get(taskId);
    apply(new ReportTasks(List.of(new ReportTasks.Report("w1", t.id(), t.generation(), state, 0, "c-" + t.id(), state == TaskState.FAILED ? 1 : null,
        reason, atMillis, health))));
  }

  public Deployment deployment() {
    return image.jobs().get(JOB).latestDeployment();
  }

  public List<Task> live() {
    return image.tasksOf(JOB).stream().filter(t -> !t.state().isTerminal()).toList();
  }
}
